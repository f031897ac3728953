// Public opinion (舆情) items: posts and articles about the county, with where they come from,
// how they read and how far they spread.
import { z } from 'zod';

export const OPINION_COLLECTION = 'opinion.item';

export const OpinionSource = z.enum([
  'microblog',
  'messaging',
  'forum',
  'news',
  'short_video',
]);
export type OpinionSource = z.infer<typeof OpinionSource>;

export const OPINION_SOURCE_LABELS: Readonly<Record<OpinionSource, string>> = {
  microblog: '微博',
  messaging: '公众号',
  forum: '论坛',
  news: '新闻网站',
  short_video: '短视频',
};

export const Sentiment = z.enum(['positive', 'neutral', 'negative']);
export type Sentiment = z.infer<typeof Sentiment>;

export const SENTIMENT_LABELS: Readonly<Record<Sentiment, string>> = {
  positive: '正面',
  neutral: '中性',
  negative: '负面',
};

export const Emotion = z.enum([
  'anger',
  'anxiety',
  'sadness',
  'joy',
  'neutral',
]);
export type Emotion = z.infer<typeof Emotion>;

export const EMOTION_LABELS: Readonly<Record<Emotion, string>> = {
  anger: '愤怒',
  anxiety: '焦虑',
  sadness: '悲伤',
  joy: '喜悦',
  neutral: '平静',
};

/**
 * Place of an item in the county. `divisionCode` is the 12-digit code of the village when the
 * source names one, and null when only the town is known.
 */
export const OpinionPlace = z.object({
  townCode: z.string().regex(/^\d{9}$/, 'town codes are 9 digits'),
  townName: z.string().min(1).max(100),
  villageName: z.string().min(1).max(100).nullable(),
  divisionCode: z
    .string()
    .regex(/^\d{12}$/, 'village division codes are 12 digits')
    .nullable(),
});
export type OpinionPlace = z.infer<typeof OpinionPlace>;

export const OpinionItem = z.object({
  id: z.string().min(1).max(200),
  source: OpinionSource,
  title: z.string().min(1).max(500),
  text: z.string().max(20_000),
  /** Instant the post or article appeared at its source, ms since the Unix epoch. */
  publishedAt: z.number().int(),
  sentiment: Sentiment,
  emotion: Emotion,
  /** Spread score from the source, with reads, shares and replies combined. Larger is hotter. */
  heat: z.number().min(0),
  place: OpinionPlace,
  topic: z.string().min(1).max(100),
});
export type OpinionItem = z.infer<typeof OpinionItem>;
