/** The Mining panel. */
import type { Messages } from './i18n.svelte.js';

/** Messages of the Mining panel. */
export const miningMessages: Messages = {
  en: {
    'mining.start': 'Start mining',
    'mining.stop': 'Stop mining',
    'mining.one': 'Mine one block',
    'mining.oneBusy': 'Mining one block…',
    'mining.oneDone': 'This node mined block {height} ({hash}).',
    'mining.oneInspect': 'Inspect block {height}',
    'mining.on': 'mining',
    'mining.off': 'stopped',
    'mining.workers': 'Workers (threads hashing)',
    'mining.workersValue': '{n} of {max}',
    'mining.throttle': 'Effort',
    'mining.throttleHint':
      'The share of time the workers hash. Lower it to keep the laptop cool, or to give someone else a bigger share.',
    'mining.throttleByLab':
      'The Lab’s hash-share experiment sets the effort now (about {p} % of the room). Reset it in the Lab.',
    'mining.figures': 'Proof of work, now',
    'mining.rateNow': 'Our hash rate',
    'mining.roomRate': 'Whole room (estimated)',
    'mining.difficulty': 'Difficulty vs. start',
    'mining.work': 'Hashes per block (expected)',
    'mining.expectedOurs': 'Our next block in',
    'mining.expectedRoom': 'Room’s next block in',
    'mining.explain':
      'A block needs a hash below the target: on average "hashes per block" tries. Waiting time = hashes per block ÷ hash rate.',
    'mining.explainAdjusts':
      'The room aims for one block every {target} s and adjusts the difficulty to get there.',
    'mining.explainFixed':
      'This room’s difficulty is fixed: it never adjusts, so blocks come faster when more laptops mine and slower when they stop.',
    'mining.share': 'We do about {percent} % of the room’s hashing.',
    'mining.history': 'History',
    'mining.chartRate': 'Hash rate',
    'mining.chartDifficulty': 'Difficulty',
    'mining.chartBlockTimes': 'Seconds between blocks',
    'mining.chartTarget': 'Target',
    'mining.captionRate': 'Our hash rate over the last 5 minutes: now {now}, peak {peak}.',
    'mining.captionDifficulty':
      'Difficulty of the latest blocks (up to 120), as a multiple of the room’s start: now ×{now}.',
    'mining.captionTimes':
      'Seconds between blocks (dots) against the target of {target} s (dashes): average {average}.',
  },
  zh: {
    'mining.start': '开始挖矿',
    'mining.stop': '停止挖矿',
    'mining.one': '挖一个区块',
    'mining.oneBusy': '正在挖一个区块…',
    'mining.oneDone': '本节点挖出了区块 {height}（{hash}）。',
    'mining.oneInspect': '查看区块 {height}',
    'mining.on': '挖矿中',
    'mining.off': '已停止',
    'mining.workers': '工作线程（同时计算哈希）',
    'mining.workersValue': '{n} / {max}',
    'mining.throttle': '算力投入',
    'mining.throttleHint':
      '工作线程计算哈希的时间比例。调低可以让电脑保持凉爽，或让别人获得更大的算力份额。',
    'mining.throttleByLab':
      '实验面板的算力份额实验正在控制算力投入（约占房间 {p} %）。请在实验面板中重置。',
    'mining.figures': '工作量证明（当前）',
    'mining.rateNow': '我们的算力',
    'mining.roomRate': '整个房间（估计）',
    'mining.difficulty': '难度（相对初始）',
    'mining.work': '每个区块所需哈希（期望）',
    'mining.expectedOurs': '我们的下一个区块约需',
    'mining.expectedRoom': '房间的下一个区块约需',
    'mining.explain':
      '区块需要一个低于目标值的哈希：平均要尝试“每个区块所需哈希”次。等待时间 = 每个区块所需哈希 ÷ 算力。',
    'mining.explainAdjusts': '房间的目标是每 {target} 秒一个区块，并调整难度来实现。',
    'mining.explainFixed':
      '这个房间的难度是固定的，永不调整：挖矿的电脑越多，出块越快；停下的越多，出块越慢。',
    'mining.share': '我们大约贡献房间 {percent} % 的算力。',
    'mining.history': '历史',
    'mining.chartRate': '算力',
    'mining.chartDifficulty': '难度',
    'mining.chartBlockTimes': '区块间隔（秒）',
    'mining.chartTarget': '目标',
    'mining.captionRate': '最近 5 分钟我们的算力：当前 {now}，峰值 {peak}。',
    'mining.captionDifficulty':
      '最近区块（最多 120 个）的难度，以房间初始难度的倍数表示：当前 ×{now}。',
    'mining.captionTimes': '区块间隔（圆点）与目标 {target} 秒（虚线）对比：平均 {average}。',
  },
};
