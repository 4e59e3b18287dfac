/**
 * Every rule code of core/errors.ts in plain words, in one table per language: its short name
 * (`rules.<code>`, the inspector's list of rules) and its explanation (`code.<code>`, wherever
 * a refusal is shown: the wallet, the lab, the log). Typed by RuleCode, so a new rule without
 * words in every language does not compile.
 */
import type { RuleCode } from '../../core/errors.js';
import type { Messages } from './i18n.svelte.js';

/** A rule's short name and its explanation. */
type RuleWords = Readonly<Record<RuleCode, readonly [name: string, explanation: string]>>;

const en: RuleWords = {
  'high-hash': [
    'The hash is not below the target (not enough proof of work)',
    'The block’s hash is not below its target: no valid proof of work.',
  ],
  'bad-blk-length': [
    'The block is empty or larger than the room allows',
    'The block is empty or bigger than the room allows.',
  ],
  'bad-cb-missing': [
    'The first transaction is not the reward',
    'The block does not start with its reward.',
  ],
  'bad-cb-multiple': ['There is more than one reward', 'The block has more than one reward.'],
  'bad-cb-height': [
    "The reward does not carry the block's height",
    'The reward does not carry the block’s height.',
  ],
  'bad-txnmrklroot': [
    "The transactions do not match the header's merkle root",
    'The transactions do not match the header’s merkle root: the block was changed.',
  ],
  'bad-txns-duplicate': [
    'A transaction appears twice',
    'The block lists the same transaction twice.',
  ],
  'bad-txns-count': [
    'More transactions than the room allows',
    'The block has more transactions than the room allows.',
  ],
  'bad-version': ['Unknown header version', 'The block has an unknown version.'],
  'bad-prevblk': [
    'The parent block is invalid',
    'The block builds on a block known to be invalid.',
  ],
  'bad-diffbits': [
    'The difficulty (bits) is not what the retarget rule asks for',
    'The block’s difficulty is not the one the room’s rule requires.',
  ],
  'time-too-old': [
    'The time is not after the median of the last 11 blocks',
    'The block’s time is not after the median of the previous 11 blocks.',
  ],
  'time-too-new': [
    'The time is too far in the future',
    'The block’s time is too far in the future; it will be retried later.',
  ],
  'bad-cb-amount': [
    'The reward pays more than the subsidy plus fees',
    'The reward pays more than the subsidy plus the fees.',
  ],
  'bad-sig': [
    'A signature does not match what was signed',
    'The signature does not match: the transfer was not signed by the sender.',
  ],
  'bad-nonce': [
    "A sender's transfer number (nonce) is not the next one",
    'The transfer’s number (nonce) is not the sender’s next one.',
  ],
  'insufficient-funds': [
    'A sender cannot pay the amount plus the fee',
    'Not enough coins: the amount plus the fee is more than you can spend.',
  ],
  'bad-amount': ['An amount is out of range', 'The amount or fee is out of range.'],
  'bad-memo': [
    'A memo or message is too long',
    'The memo is too long: at most 80 bytes (a Chinese character takes 3).',
  ],
  'bad-tx-size': ['A transaction is too large', 'The transfer is too big.'],
  'mempool-full': ['The mempool is full', 'The mempool is full: offer a higher fee.'],
  'min-fee': ['The fee is too low', 'The fee is too low: at least 0.00001 coins.'],
  'nonce-gap': [
    'A transfer number was skipped',
    'An earlier transfer of yours is missing (nonce gap): wait for it or resend it.',
  ],
  'nonce-too-low': [
    'This transfer number was already used',
    'This transfer’s number (nonce) is already used by a confirmed one.',
  ],
  'replacement-underpriced': [
    'A replacement must pay a higher fee',
    'To replace a waiting transfer, pay at least 10 % more fee.',
  ],
  'too-many-pending': [
    'Too many pending transfers from this sender',
    'Too many of your transfers are waiting: wait for a block.',
  ],
  'already-known': ['Already known', 'This exact transfer is already in the mempool.'],
  'chain-mismatch': ['Signed for another room', 'This belongs to another room’s chain.'],
};

const zh: RuleWords = {
  'high-hash': ['哈希值不低于目标值（工作量证明不足）', '区块的哈希不低于目标值：工作量证明无效。'],
  'bad-blk-length': ['区块为空，或超过房间允许的大小', '区块为空，或超过房间允许的大小。'],
  'bad-cb-missing': ['第一笔交易不是区块奖励', '区块的第一笔交易不是奖励。'],
  'bad-cb-multiple': ['区块中有不止一笔奖励', '区块中有不止一笔奖励。'],
  'bad-cb-height': ['奖励中记录的高度与区块高度不符', '奖励交易没有写明区块高度。'],
  'bad-txnmrklroot': [
    '交易与区块头中的默克尔根不匹配',
    '交易与区块头中的默克尔根不符：区块被篡改了。',
  ],
  'bad-txns-duplicate': ['有交易重复出现', '区块中同一笔交易出现了两次。'],
  'bad-txns-count': ['交易数量超过房间上限', '区块中的交易数超过房间的上限。'],
  'bad-version': ['未知的区块头版本', '区块版本未知。'],
  'bad-prevblk': ['父区块无效', '区块建立在一个已知无效的区块之上。'],
  'bad-diffbits': ['难度（bits）不符合难度调整规则的要求', '区块的难度不符合房间规则的要求。'],
  'time-too-old': [
    '时间不晚于前 11 个区块时间的中位数',
    '区块时间不晚于前 11 个区块时间的中位数。',
  ],
  'time-too-new': ['时间超前太多', '区块时间太超前；稍后会重试。'],
  'bad-cb-amount': ['奖励金额超过区块补贴加手续费', '奖励超过了区块补贴加手续费。'],
  'bad-sig': ['签名与被签名的内容不符', '签名不匹配：这笔交易不是发送者签的。'],
  'bad-nonce': ['发送方的交易序号（nonce）不是下一个', '交易序号（nonce）不是发送者的下一个。'],
  'insufficient-funds': [
    '发送方余额不足以支付金额和手续费',
    '余额不足：金额加手续费超过了你可用的币。',
  ],
  'bad-amount': ['金额超出允许范围', '金额或手续费超出范围。'],
  'bad-memo': ['备注或留言过长', '备注太长：最多 80 字节（一个汉字占 3 字节）。'],
  'bad-tx-size': ['交易过大', '交易太大。'],
  'mempool-full': ['内存池已满', '交易池已满：请提高手续费。'],
  'min-fee': ['手续费太低', '手续费太低：至少 0.00001 币。'],
  'nonce-gap': ['跳过了交易序号', '你更早的一笔交易缺失（序号断档）：请等待它或重新发送。'],
  'nonce-too-low': ['这个交易序号已经用过', '这笔交易的序号（nonce）已被一笔已确认的交易使用。'],
  'replacement-underpriced': [
    '替换交易必须支付更高的手续费',
    '要替换等待中的交易，手续费至少要高 10 %。',
  ],
  'too-many-pending': ['该发送方待处理的转账太多', '你等待中的交易太多：请等下一个区块。'],
  'already-known': ['已经知道', '完全相同的交易已在交易池中。'],
  'chain-mismatch': ['为另一个房间签名', '这属于另一个房间的链。'],
};

function keyed(words: RuleWords): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [code, [name, explanation]] of Object.entries(words)) {
    out[`rules.${code}`] = name;
    out[`code.${code}`] = explanation;
  }
  return out;
}

/** The rules' names and explanations. */
export const ruleMessages: Messages = { en: keyed(en), zh: keyed(zh) };
