/** The Network panel. */
import type { Messages } from './i18n.svelte.js';

/** Messages of the Network panel. */
export const networkMessages: Messages = {
  en: {
    'network.unavailable':
      'This tab is not connected to a network yet: it mines and keeps its chain alone.',
    'network.sync': 'Sync',
    'network.syncUnknown': 'Not started',
    'network.syncDone': 'Up to date at height {height}',
    'network.syncFigures': 'Height {have} of {target} · peers serving: {peers}',
    'network.meshSummary': 'Connected peers: {peers}. Nodes known through them: {others}.',
    'network.peers': 'Peers',
    'network.noPeers': 'No peers yet. Other tabs and laptops in this room appear here.',
    'network.peer': 'Peer',
    'network.state': 'Connection',
    'network.ping': 'Ping',
    'network.tip': 'Their tip',
    'network.state.connected': 'connected',
    'network.state.left': 'left',
    'network.state.banned': 'banned',
    'network.same': 'same tip',
    'network.ahead': '{n} ahead',
    'network.behind': '{n} behind',
    'network.fork': 'other branch',
    'network.explain':
      'Each peer tells us its best block. A peer ahead has blocks we are still fetching; a peer on another branch disagrees until the branch with more work reaches both of us.',
  },
  zh: {
    'network.unavailable': '此标签页尚未连接网络：它独自挖矿并保存自己的链。',
    'network.sync': '同步',
    'network.syncUnknown': '尚未开始',
    'network.syncDone': '已同步到高度 {height}',
    'network.syncFigures': '高度 {have} / {target} · 提供数据的节点：{peers}',
    'network.meshSummary': '相连节点：{peers}。通过它们得知的节点：{others}。',
    'network.peers': '相连节点',
    'network.noPeers': '还没有相连节点。本房间里的其他标签页和电脑会显示在这里。',
    'network.peer': '节点',
    'network.state': '连接',
    'network.ping': '延迟',
    'network.tip': '对方链顶',
    'network.state.connected': '已连接',
    'network.state.left': '已离开',
    'network.state.banned': '已封禁',
    'network.same': '链顶相同',
    'network.ahead': '领先 {n} 个',
    'network.behind': '落后 {n} 个',
    'network.fork': '另一分支',
    'network.explain':
      '每个节点都会告诉我们它的最佳区块。领先的节点拥有我们还在下载的区块；在另一分支上的节点会一直有分歧，直到工作量更多的分支传到双方。',
  },
};
