/**
 * The send form's own checks (`ui-*`) and the lab's refusals, in plain words: what went wrong
 * and, where it helps, what to do. The rule codes of src/core/errors.ts are explained in
 * messages-rules.ts.
 */
import type { Messages } from './i18n.svelte.js';

/** Plain-words explanations of codes. */
export const codeMessages: Messages = {
  en: {
    'code.ui-required': 'This field is needed.',
    'code.ui-bad-address': 'That is not an address: an address is 40 hex digits (0-9, a-f).',
    'code.ui-bad-number': 'Write an amount in coins, like 2 or 0.5 (at most 8 decimals).',
    'code.ui-zero-amount': 'Send more than 0 coins.',
    'code.bad-address': 'That is not an address: an address is 40 hex digits (0-9, a-f).',
    'code.bad-latency': 'Choose a delay between 0 and the slider’s maximum.',
    'code.bad-share': 'Choose a share above 0 % and below 100 %.',
    'code.no-miner': 'This tab cannot mine (no workers).',
    'code.not-paid': 'Pay the merchant first.',
    'code.not-confirmed': 'The payment is not in a block yet: mine or wait for a block, then fork.',
    'code.not-forking': 'Start the secret branch first.',
    'code.lab-failed': 'That did not work; see the browser console for details.',
  },
  zh: {
    'code.ui-required': '此项必填。',
    'code.ui-bad-address': '这不是地址：地址是 40 位十六进制数字（0-9、a-f）。',
    'code.ui-bad-number': '请用币为单位填写金额，例如 2 或 0.5（最多 8 位小数）。',
    'code.ui-zero-amount': '金额必须大于 0。',
    'code.bad-address': '这不是地址：地址是 40 位十六进制数字（0-9、a-f）。',
    'code.bad-latency': '请选择 0 到滑块最大值之间的延迟。',
    'code.bad-share': '请选择大于 0 % 且小于 100 % 的份额。',
    'code.no-miner': '此标签页无法挖矿（没有工作线程）。',
    'code.not-paid': '请先付款给商家。',
    'code.not-confirmed': '付款还没有进入区块：挖矿或等待一个区块，然后再分叉。',
    'code.not-forking': '请先开始秘密分支。',
    'code.lab-failed': '操作失败；详情见浏览器控制台。',
  },
};
