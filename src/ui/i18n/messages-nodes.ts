/** This browser's nodes and chains (the dialog the Rooms panel opens). */
import type { Messages } from './i18n.svelte.js';

/** Messages of the "this browser's nodes and chains" section and dialog. */
export const nodesMessages: Messages = {
  en: {
    'nodes.title': 'This browser’s nodes and chains',
    'nodes.hint':
      'Each tab is a node with its own key, and this browser keeps one saved chain per node and room. Free space by deleting the chains of old rooms.',
    'nodes.open': 'Show nodes and chains',
    'nodes.intro':
      'Every tab is a node with its own key and wallet. This browser keeps each node’s chain of every room it joined, so a reopened tab carries on where it stopped.',
    'nodes.refresh': 'Refresh',
    'nodes.loading': 'Reading this browser’s storage…',
    'nodes.loadFailed': 'Could not read this browser’s storage: {detail}',
    'nodes.chainsTitle': 'Saved chains',
    'nodes.chainsHint':
      'Deleting a chain frees its space; if the room is still running, opening it again downloads the chain from the other nodes.',
    'nodes.noChains': 'No saved chains.',
    'nodes.cannotList':
      'This browser cannot list its databases, so saved chains cannot be shown here.',
    'nodes.col.room': 'Room',
    'nodes.col.chain': 'Chain id',
    'nodes.col.node': 'Node',
    'nodes.col.blocks': 'Blocks',
    'nodes.col.state': 'Status',
    'nodes.col.address': 'Wallet address',
    'nodes.col.chains': 'Saved chains',
    'nodes.col.lastUsed': 'Last used',
    'nodes.noRoom': '(no name)',
    'nodes.forgottenNode': 'Forgotten node {id}',
    'nodes.blocks': 'height {height}, {n} blocks',
    'nodes.blocksEmpty': 'no blocks yet',
    'nodes.blocksUnknown': 'unknown',
    'nodes.here': 'This tab',
    'nodes.elsewhere': 'Open in another tab',
    'nodes.delete': 'Delete',
    'nodes.deleteLabel': 'Delete the chain of room {room}',
    'nodes.deleteAsk':
      'Delete the chain of room {room} kept by {node}? Blocks that no other node has are lost with it.',
    'nodes.deleteYes': 'Delete chain',
    'nodes.deleting': 'Deleting…',
    'nodes.cancel': 'Cancel',
    'nodes.nodesTitle': 'Nodes (keys)',
    'nodes.nodesHint':
      'A new tab takes over a free node, with its key and wallet, before it makes a new one.',
    'nodes.noNodes': 'No nodes.',
    'nodes.forget': 'Forget',
    'nodes.forgetLabel': 'Forget node {name}',
    'nodes.forgetAsk':
      'Forget {name} for good? Its secret key is deleted: coins at its address cannot be spent again, in any room. Its saved chains stay until you delete them.',
    'nodes.forgetYes': 'Forget node',
    'nodes.forgetting': 'Forgetting…',
    'nodes.deleted': 'Deleted the chain of room {room}.',
    'nodes.forgotten': 'Forgot node {name}.',
    'nodes.err.chain.in-use': 'Could not delete the chain of room {room}: this tab is using it.',
    'nodes.err.chain.elsewhere':
      'Could not delete the chain of room {room}: its node is running in another tab. Close that tab first.',
    'nodes.err.chain.blocked':
      'Could not delete the chain of room {room} yet: another tab still has it open. The browser deletes it as soon as that tab lets go; press Refresh to check.',
    'nodes.err.chain.invalid': 'Could not delete {room}: it is not a tabchain chain.',
    'nodes.err.chain.failed': 'Could not delete the chain of room {room}: {detail}',
    'nodes.err.node.in-use': 'Could not forget {name}: this tab is that node.',
    'nodes.err.node.elsewhere':
      'Could not forget {name}: another tab is using this node. Close that tab first.',
    'nodes.err.node.blocked': 'Could not forget {name}: {detail}',
    'nodes.err.node.invalid': 'Could not forget {name}: {detail}',
    'nodes.err.node.failed': 'Could not forget {name}: {detail}',
  },
  zh: {
    'nodes.title': '本浏览器的节点和链',
    'nodes.hint':
      '每个标签页都是一个拥有自己密钥的节点，本浏览器为每个节点在每个房间保存一条链。删除旧房间的链可以释放空间。',
    'nodes.open': '查看节点和链',
    'nodes.intro':
      '每个标签页都是一个节点，有自己的密钥和钱包。本浏览器保存每个节点在它加入过的每个房间里的链，所以重新打开的标签页能从上次停下的地方继续。',
    'nodes.refresh': '刷新',
    'nodes.loading': '正在读取本浏览器的存储……',
    'nodes.loadFailed': '无法读取本浏览器的存储：{detail}',
    'nodes.chainsTitle': '已保存的链',
    'nodes.chainsHint':
      '删除一条链会释放它占用的空间；如果房间还在运行，再次打开时会从其他节点重新下载这条链。',
    'nodes.noChains': '没有已保存的链。',
    'nodes.cannotList': '这个浏览器无法列出它的数据库，所以这里不能显示已保存的链。',
    'nodes.col.room': '房间',
    'nodes.col.chain': '链编号',
    'nodes.col.node': '节点',
    'nodes.col.blocks': '区块',
    'nodes.col.state': '状态',
    'nodes.col.address': '钱包地址',
    'nodes.col.chains': '已保存的链',
    'nodes.col.lastUsed': '上次使用',
    'nodes.noRoom': '（无名称）',
    'nodes.forgottenNode': '已忘记的节点 {id}',
    'nodes.blocks': '高度 {height}，{n} 个区块',
    'nodes.blocksEmpty': '还没有区块',
    'nodes.blocksUnknown': '未知',
    'nodes.here': '本标签页',
    'nodes.elsewhere': '在另一个标签页中打开',
    'nodes.delete': '删除',
    'nodes.deleteLabel': '删除房间 {room} 的链',
    'nodes.deleteAsk': '删除 {node} 保存的房间 {room} 的链吗？其他节点都没有的区块会随之丢失。',
    'nodes.deleteYes': '删除链',
    'nodes.deleting': '正在删除……',
    'nodes.cancel': '取消',
    'nodes.nodesTitle': '节点（密钥）',
    'nodes.nodesHint':
      '新标签页会先接管一个空闲的节点（连同它的密钥和钱包），没有空闲节点时才新建一个。',
    'nodes.noNodes': '没有节点。',
    'nodes.forget': '忘记',
    'nodes.forgetLabel': '忘记节点 {name}',
    'nodes.forgetAsk':
      '永久忘记 {name} 吗？它的私钥会被删除：在任何房间里，它地址上的币都再也不能花费。它已保存的链会保留，直到你删除它们。',
    'nodes.forgetYes': '忘记节点',
    'nodes.forgetting': '正在忘记……',
    'nodes.deleted': '已删除房间 {room} 的链。',
    'nodes.forgotten': '已忘记节点 {name}。',
    'nodes.err.chain.in-use': '无法删除房间 {room} 的链：本标签页正在使用它。',
    'nodes.err.chain.elsewhere':
      '无法删除房间 {room} 的链：它的节点正在另一个标签页中运行。请先关闭那个标签页。',
    'nodes.err.chain.blocked':
      '暂时无法删除房间 {room} 的链：另一个标签页仍打开着它。那个标签页一放开，浏览器就会删除它；按“刷新”查看。',
    'nodes.err.chain.invalid': '无法删除 {room}：它不是 tabchain 的链。',
    'nodes.err.chain.failed': '无法删除房间 {room} 的链：{detail}',
    'nodes.err.node.in-use': '无法忘记 {name}：本标签页就是这个节点。',
    'nodes.err.node.elsewhere':
      '无法忘记 {name}：另一个标签页正在使用这个节点。请先关闭那个标签页。',
    'nodes.err.node.blocked': '无法忘记 {name}：{detail}',
    'nodes.err.node.invalid': '无法忘记 {name}：{detail}',
    'nodes.err.node.failed': '无法忘记 {name}：{detail}',
  },
};
