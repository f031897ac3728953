// Reproducible stream of public opinion items for the county scenario: everyday posts across the
// real towns and villages, with now and then a burst of negative posts on one topic in one town.
import type {
  Emotion,
  OpinionItem,
  OpinionSource,
  Sentiment,
} from '../../../src-shared/opinion/index.js';
import type { DivisionTree, Village } from '../../data/divisions.js';
import { mulberry32, pickWeighted } from '../../adapters/random.js';

interface TopicTemplate {
  topic: string;
  /** Relative frequency of the topic in everyday posts. */
  weight: number;
  /** Share of negative posts on an ordinary day. The rest splits between neutral and positive. */
  negativeShare: number;
  positive: string;
  neutral: string;
  negative: string;
  /** Emotion of a negative post on this topic. */
  negativeEmotion: Emotion;
}

// Topics a county of the Dabie mountains talks about. These are generated examples, not collected
// posts.
const TOPICS: readonly TopicTemplate[] = [
  {
    topic: '乡村道路维修',
    weight: 4,
    negativeShare: 0.35,
    positive: '{place}通村公路完成硬化，出行方便多了',
    neutral: '{place}道路维修施工，请绕行',
    negative: '{place}路面坑洼多日无人修，雨天车辆难行',
    negativeEmotion: 'anger',
  },
  {
    topic: '板栗收购价格',
    weight: 3,
    negativeShare: 0.3,
    positive: '{place}板栗丰收，合作社保底收购',
    neutral: '{place}板栗今日收购价公布',
    negative: '{place}板栗收购压价，栗农担心卖不上价',
    negativeEmotion: 'anxiety',
  },
  {
    topic: '景区旅游服务',
    weight: 3,
    negativeShare: 0.2,
    positive: '{place}秋景迎客，游客点赞服务热情',
    neutral: '{place}周末客流提示',
    negative: '{place}景区周边停车乱收费，游客不满',
    negativeEmotion: 'anger',
  },
  {
    topic: '校园食品安全',
    weight: 2,
    negativeShare: 0.4,
    positive: '{place}学校食堂明厨亮灶获家长好评',
    neutral: '{place}开展校园食品安全检查',
    negative: '{place}家长反映学校食堂饭菜质量问题',
    negativeEmotion: 'anxiety',
  },
  {
    topic: '征地拆迁补偿',
    weight: 1.5,
    negativeShare: 0.55,
    positive: '{place}拆迁补偿款按时足额发放',
    neutral: '{place}征地补偿方案公示',
    negative: '{place}村民质疑征地补偿标准不公开',
    negativeEmotion: 'anger',
  },
  {
    topic: '环境污染投诉',
    weight: 1.5,
    negativeShare: 0.6,
    positive: '{place}河道整治后水清岸绿',
    neutral: '{place}开展环境卫生整治',
    negative: '{place}养殖场污水直排河道，气味刺鼻',
    negativeEmotion: 'anger',
  },
  {
    topic: '医保与养老缴费',
    weight: 2,
    negativeShare: 0.25,
    positive: '{place}便民服务点可办理医保缴费',
    neutral: '{place}城乡居民医保缴费开始',
    negative: '{place}老人反映养老金到账延迟',
    negativeEmotion: 'anxiety',
  },
  {
    topic: '防汛与地质灾害',
    weight: 1.5,
    negativeShare: 0.3,
    positive: '{place}防汛转移安置有序，群众安全',
    neutral: '{place}发布强降雨防范提示',
    negative: '{place}山体滑坡隐患点村民担心安全',
    negativeEmotion: 'anxiety',
  },
  {
    topic: '农民工工资',
    weight: 1,
    negativeShare: 0.65,
    positive: '{place}协调追回农民工工资',
    neutral: '{place}开展根治欠薪专项行动',
    negative: '{place}工地拖欠工资，工人讨薪无门',
    negativeEmotion: 'sadness',
  },
  {
    topic: '便民服务办事',
    weight: 2.5,
    negativeShare: 0.2,
    positive: '{place}政务服务一窗通办，办事不用跑',
    neutral: '{place}便民服务中心调整办公时间',
    negative: '{place}办事窗口排长队，群众等候太久',
    negativeEmotion: 'anger',
  },
];

const SOURCES: readonly { source: OpinionSource; weight: number }[] = [
  { source: 'microblog', weight: 4 },
  { source: 'messaging', weight: 3 },
  { source: 'short_video', weight: 4 },
  { source: 'forum', weight: 2 },
  { source: 'news', weight: 1 },
];

export interface OpinionBurst {
  topic: string;
  townCode: string;
  /** Items still to come in the burst. */
  remaining: number;
}

export interface OpinionGeneratorOptions {
  divisions: DivisionTree;
  seed: number;
  /** Chance that an item outside a burst starts one. */
  burstChance?: number;
  /** Items in a burst. */
  burstLength?: number;
}

/** Weight of a village: the county seat and communities post more, forestry farms less. */
function villageWeight(village: Village): number {
  let weight = 1;
  if (village.town.name.endsWith('林场')) {
    weight *= 0.3;
  }
  if (village.town.code.endsWith('100')) {
    weight *= 3;
  }
  if (village.name.includes('社区')) {
    weight *= 1.5;
  }
  return weight;
}

function pickIndex(random: () => number, length: number): number {
  return Math.min(length - 1, Math.floor(random() * length));
}

/**
 * Generates opinion items. The same seed and the same `now` values give the same items. Bursts
 * depend on the item count, not on time, so a faster scenario gets the same bursts sooner.
 */
export class OpinionGenerator {
  readonly seed: number;
  private readonly random: () => number;
  private readonly villages: readonly Village[];
  private readonly burstChance: number;
  private readonly burstLength: number;
  private sequence = 0;
  private current: OpinionBurst | null = null;

  constructor(options: OpinionGeneratorOptions) {
    if (options.divisions.villages.length === 0) {
      throw new Error(
        'the opinion generator needs at least one village in the division list',
      );
    }
    this.seed = options.seed;
    this.random = mulberry32(options.seed ^ 0x0b1e_c7a5);
    this.villages = options.divisions.villages;
    this.burstChance = options.burstChance ?? 0.0005;
    this.burstLength = options.burstLength ?? 120;
  }

  get count(): number {
    return this.sequence;
  }

  /** The burst in progress, or null. */
  get burst(): OpinionBurst | null {
    return this.current;
  }

  skip(count: number): void {
    for (let index = 0; index < count; index += 1) {
      this.next(0);
    }
  }

  next(now: number): OpinionItem {
    const random = this.random;
    this.sequence += 1;
    if (!this.current && random() < this.burstChance) {
      this.startBurst();
    }

    const burst = this.current;
    const template = burst
      ? (TOPICS.find((candidate) => candidate.topic === burst.topic) ??
        TOPICS[0]!)
      : pickWeighted(random, TOPICS, (candidate) => candidate.weight);
    const village = this.pickVillage(burst);
    const sentiment = this.pickSentiment(template, burst !== null);
    if (burst) {
      burst.remaining -= 1;
      if (burst.remaining <= 0) {
        this.current = null;
      }
    }

    const { source } = pickWeighted(random, SOURCES, (entry) => entry.weight);
    // Heat is heavy-tailed, so most posts are read a little and a few spread far.
    const heat = Math.round(Math.exp(random() * 7 + (burst ? 2 : 0)));
    // Posts of a burst are fresh, but everyday posts are picked up some minutes after they appear.
    const minutesAgo = Math.floor(random() * (burst ? 3 : 20));
    const placeName = `${village.town.name}${village.shortName}`;
    const title = template[sentiment].replace('{place}', placeName);

    return {
      id: `opinion:${this.seed}:${this.sequence}`,
      source,
      title,
      text: `${title}。（${this.describe(source)}，场景生成示例）`,
      publishedAt: now - minutesAgo * 60_000,
      sentiment,
      emotion: this.emotionOf(template, sentiment),
      heat,
      place: {
        townCode: village.town.code,
        townName: village.town.name,
        villageName: village.shortName,
        divisionCode: village.code,
      },
      topic: template.topic,
    };
  }

  private startBurst(): void {
    const template = pickWeighted(
      this.random,
      TOPICS,
      (candidate) => candidate.negativeShare,
    );
    const village =
      this.villages[pickIndex(this.random, this.villages.length)]!;
    this.current = {
      topic: template.topic,
      townCode: village.town.code,
      remaining: this.burstLength,
    };
  }

  private pickVillage(burst: OpinionBurst | null): Village {
    if (burst) {
      const inTown = this.villages.filter(
        (village) => village.town.code === burst.townCode,
      );
      return inTown[pickIndex(this.random, inTown.length)]!;
    }
    return pickWeighted(this.random, this.villages, villageWeight);
  }

  private pickSentiment(template: TopicTemplate, inBurst: boolean): Sentiment {
    const draw = this.random();
    const negativeShare = inBurst ? 0.85 : template.negativeShare;
    if (draw < negativeShare) {
      return 'negative';
    }
    return draw < negativeShare + (1 - negativeShare) / 2
      ? 'neutral'
      : 'positive';
  }

  private emotionOf(template: TopicTemplate, sentiment: Sentiment): Emotion {
    if (sentiment === 'negative') {
      return template.negativeEmotion;
    }
    return sentiment === 'positive' ? 'joy' : 'neutral';
  }

  private describe(source: OpinionSource): string {
    switch (source) {
      case 'microblog':
        return '微博网友发布';
      case 'messaging':
        return '本地公众号文章';
      case 'forum':
        return '论坛帖子';
      case 'news':
        return '新闻报道';
      case 'short_video':
        return '短视频';
    }
  }
}
