/** The Lab panel: each scenario explained in plain words. */
import type { Messages } from './i18n.svelte.js';

/** Messages of the Lab panel. */
export const labMessages: Messages = {
  en: {
    'lab.intro':
      'Experiments on this node. Each card changes how this laptop behaves in the room; watch the block tree while it runs, then reset it.',
    'lab.unavailable':
      'The lab controls are not connected in this version: the cards explain, but do nothing yet.',
    'lab.on': 'running',
    'lab.off': 'off',
    'lab.reset': 'Reset',
    'lab.resetAll': 'Reset all experiments',
    'lab.apply': 'Apply',
    'lab.partition.title': 'Split the network',
    'lab.partition.explain':
      'Cut this node off from some peers. Each side keeps mining its own branch. When you heal the split, every node switches to the branch with more work, and the other branch’s blocks become stale.',
    'lab.partition.choose': 'Peers on the other side',
    'lab.partition.noPeers': 'No peers connected: open the room in another tab or laptop first.',
    'lab.partition.cut': 'Cut off the chosen peers ({n})',
    'lab.partition.heal': 'Heal',
    'lab.partition.status': 'Peers cut off: {n}.',
    'lab.latency.title': 'Slow network',
    'lab.latency.explain':
      'Delay every message this node sends. Blocks reach the others later, so two miners more often find a block at the same height: more forks, more stale blocks.',
    'lab.latency.label': 'Delay per message',
    'lab.latency.status': 'Now: {ms} ms.',
    'lab.withhold.title': 'Keep blocks secret',
    'lab.withhold.explain':
      'Blocks this node mines are kept private instead of announced. Release them later: if the secret branch has more work, the room reorganises onto it (selfish mining).',
    'lab.withhold.start': 'Start keeping blocks',
    'lab.withhold.stop': 'Stop keeping blocks',
    'lab.withhold.release': 'Release them ({n})',
    'lab.withhold.status': 'Blocks kept secret: {n}.',
    'lab.share.title': 'Share of the hash rate',
    'lab.share.explain':
      'Limit this node to a share of the room’s hashing. With more than half, it will eventually out-mine everyone else together: a 51 % attack.',
    'lab.share.label': 'Target share',
    'lab.share.none': 'No limit.',
    'lab.share.status': 'Limited to about {p} % of the room.',
    'lab.double.title': 'Double spend',
    'lab.double.explain':
      'Pay a merchant, wait until the payment is confirmed, then secretly mine a branch where the same coins go back to you. Release it: if it has more work, the payment disappears.',
    'lab.double.step.paid': 'Pay',
    'lab.double.step.forking': 'Fork in secret',
    'lab.double.step.released': 'Release',
    'lab.double.merchant': 'Merchant',
    'lab.double.pay': 'Pay the merchant',
    'lab.double.confirmations': 'Confirmations of the payment: {n}. Wait for a few before forking.',
    'lab.double.fork': 'Start the secret branch',
    'lab.double.race':
      'Secret branch: {secret} blocks · public chain since the fork: {public} blocks. Release when the secret branch is longer.',
    'lab.double.release': 'Release the secret branch',
    'lab.double.reversed': 'The secret branch won: the payment to the merchant was reversed.',
    'lab.double.kept': 'The public chain had more work: the payment stands.',
    'lab.double.waiting': 'Released; waiting for the room to decide.',
  },
  zh: {
    'lab.intro':
      '在本节点上做实验。每张卡片改变这台电脑在房间中的行为；运行时观察区块树，然后重置。',
    'lab.unavailable': '此版本尚未接入实验控制：卡片只做说明，暂不执行操作。',
    'lab.on': '运行中',
    'lab.off': '关闭',
    'lab.reset': '重置',
    'lab.resetAll': '重置所有实验',
    'lab.apply': '应用',
    'lab.partition.title': '分割网络',
    'lab.partition.explain':
      '让本节点与部分节点断开。两边各自在自己的分支上挖矿。恢复连接后，所有节点都会切换到工作量更多的分支，另一分支的区块变成陈旧区块。',
    'lab.partition.choose': '另一边的节点',
    'lab.partition.noPeers': '没有相连节点：请先在另一个标签页或电脑上打开这个房间。',
    'lab.partition.cut': '断开选中的节点（{n}）',
    'lab.partition.heal': '恢复连接',
    'lab.partition.status': '已断开的节点：{n}。',
    'lab.latency.title': '网络变慢',
    'lab.latency.explain':
      '延迟本节点发出的每条消息。区块更晚到达其他节点，于是两个矿工更常在同一高度各挖出一个区块：分叉更多，陈旧区块更多。',
    'lab.latency.label': '每条消息的延迟',
    'lab.latency.status': '当前：{ms} 毫秒。',
    'lab.withhold.title': '隐藏区块',
    'lab.withhold.explain':
      '本节点挖出的区块先不公布，而是私下保留。稍后再发布：如果秘密分支的工作量更多，整个房间都会重组到它上面（自私挖矿）。',
    'lab.withhold.start': '开始隐藏区块',
    'lab.withhold.stop': '停止隐藏区块',
    'lab.withhold.release': '发布它们（{n}）',
    'lab.withhold.status': '秘密保留的区块：{n}。',
    'lab.share.title': '算力份额',
    'lab.share.explain':
      '把本节点限制在房间算力的一定份额。超过一半时，它最终会超过其他所有人的总和：这就是 51 % 攻击。',
    'lab.share.label': '目标份额',
    'lab.share.none': '无限制。',
    'lab.share.status': '限制在房间算力的约 {p} %。',
    'lab.double.title': '双重支付',
    'lab.double.explain':
      '付款给商家，等付款被确认后，再秘密挖一条把同一笔币转回给自己的分支。发布它：如果它的工作量更多，付款就消失了。',
    'lab.double.step.paid': '付款',
    'lab.double.step.forking': '秘密分叉',
    'lab.double.step.released': '发布',
    'lab.double.merchant': '商家',
    'lab.double.pay': '付款给商家',
    'lab.double.confirmations': '付款的确认数：{n}。等几个确认后再分叉。',
    'lab.double.fork': '开始秘密分支',
    'lab.double.race':
      '秘密分支：{secret} 个区块 · 分叉以来的公开链：{public} 个区块。秘密分支更长时再发布。',
    'lab.double.release': '发布秘密分支',
    'lab.double.reversed': '秘密分支获胜：给商家的付款被撤销了。',
    'lab.double.kept': '公开链的工作量更多：付款依然有效。',
    'lab.double.waiting': '已发布；等待房间做出选择。',
  },
};
