// Compressed alert JSON (schema version 9). The benchmark rows average about 1.2 KB of JSON, most
// of it keys and values that repeat in every row. Raw DEFLATE with a preset dictionary of those
// strings shrinks it about fourfold, where DEFLATE alone halves it.
// A packed value is one version byte and the DEFLATE stream. The version names the dictionary, so
// a later dictionary takes a new version and every stored value stays readable.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Name of the SQL function that turns a packed value back into JSON text. */
export const UNPACK_FUNCTION = 'cache_unpack';

/** Name of the SQL function that packs JSON text, for the maintenance pass. */
export const PACK_FUNCTION = 'cache_pack';

const VERSION = 1;

// Version 1's dictionary. DEFLATE finds the nearest match first and codes short distances in
// fewer bits, so the strings found in every row come last. Never edit it: rows packed with it would
// no longer unpack. A new dictionary is a new version beside it.
const DICTIONARY_V1 = Buffer.from(
  [
    '"Intersection Street 1":"","Intersection Street 2":"","Landmark":"",',
    '"Vehicle Type":"","Taxi Company Borough":"","Taxi Pick Up Location":"",',
    '"Bridge Highway Name":"","Bridge Highway Direction":"","Road Ramp":"",',
    '"Bridge Highway Segment":"","Incident Address":"","Street Name":"",',
    '"Cross Street 1":"","Cross Street 2":"","X Coordinate (State Plane)":"",',
    '"Y Coordinate (State Plane)":"","Latitude":"","Longitude":"","Location":"(',
    'Department of Transportation has completed the request or corrected the condition.',
    'The Department of Finance resolved this issue.',
    'Department of Housing Preservation and Development',
    'New York City Police Department',
    'Department of Sanitation',
    'MANHATTAN","BROOKLYN","QUEENS","BRONX","STATEN ISLAND","Unspecified","N/A",',
    '"Status":"Closed","Due Date":"","Resolution Description":"',
    '"Resolution Action Updated Date":"","Community Board":"","BBL":"",',
    '"Borough":"","Open Data Channel Type":"PHONE","Park Facility Name":"Unspecified",',
    '"Park Borough":"","original":{"Unique Key":"","Created Date":"","Closed Date":"',
    '","Agency":"","Agency Name":"","Complaint Type":"","Descriptor":"',
    '","Location Type":"","Incident Zip":"","Address Type":"ADDRESS","City":"NEW YORK",',
    '"Facility Type":"N/A",',
    '"platform":"open311","source":{"adapter":"open311-replay","externalId":"',
    '"emergencyClass":"natural_disaster","emergencyClass":"accident",',
    '"emergencyClass":"public_health","emergencyClass":"social_security",',
    '"status":"acknowledged","status":"closed",',
    '纠纷矛盾火灾事故道路交通安全隐患环境污染噪声扰民消防森林防汛地质灾害',
    '宅基地使用土地及资源权属纠纷其他行政执法纠纷婚姻家庭邻里纠纷',
    '"original":{"channel":"网格员上报","channel":"随手拍上报","channel":"12345热线",',
    '"seed":,"sequence":,"topClass":"',
    '发生，请核实情况并及时处置。","eventType":{"code":"',
    '"platform":"county-scenario","source":{"adapter":"county-scenario","externalId":"',
    '{"id":"county-421123:","title":"镇村 ","description":"网格员上报：罗田县',
    '","level":1,"level":2,"level":3,"level":4,',
    '"place":{"divisionCode":"421123","townCode":"421123","townName":"镇",',
    '"villageName":"村","address":"湖北省黄冈市罗田县镇村","lat":null,"lon":null},',
    '"occurredAt":179,"publishedAt":179,"status":"new",',
    '{"id":"open311:","platform":"open311","source":{"adapter":"open311-replay",',
    '"externalId":"","title":"","description":"","eventType":{"code":null,"label":"',
    '"},"emergencyClass":null,"level":null,"place":{"divisionCode":null,',
    '"townCode":null,"townName":"","villageName":null,"address":null,"lat":null,"lon":null},',
    '"occurredAt":17,"publishedAt":17,"status":"new","original":{',
  ].join(''),
);

const DICTIONARIES = new Map<number, Buffer>([[VERSION, DICTIONARY_V1]]);

/** Packs an alert's JSON text: the version byte, then raw DEFLATE with the version's dictionary. */
export function packAlertJson(json: string): Uint8Array {
  const body = deflateRawSync(json, { dictionary: DICTIONARY_V1 });
  const packed = new Uint8Array(body.length + 1);
  packed[0] = VERSION;
  packed.set(body, 1);
  return packed;
}

/** Unpacks a value of packAlertJson; throws on a value no dictionary of this build can read. */
export function unpackAlertJson(packed: unknown): string {
  if (!(packed instanceof Uint8Array) || packed.length < 2) {
    throw new Error(
      'a packed alert value is not a blob of at least two bytes; the cache row is damaged',
    );
  }
  const version = packed[0] ?? 0;
  const dictionary = DICTIONARIES.get(version);
  if (dictionary === undefined) {
    throw new Error(
      `a packed alert value has dictionary version ${version}, which this build does not know; it was written by a newer console`,
    );
  }
  return inflateRawSync(packed.subarray(1), { dictionary }).toString('utf8');
}
