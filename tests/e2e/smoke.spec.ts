import { expect, test } from '@playwright/test';
import { DEFAULT_PARAMS } from '../../src/core/params';
import { genesisHash } from '../../src/core/room';
import { hashToHex } from '../../src/core/hash';

test('the page shows the default room genesis hash computed by the core in the browser', async ({
  page,
}) => {
  const expected = hashToHex(genesisHash(DEFAULT_PARAMS));
  await page.goto('/');
  await expect(page.getByTestId('room-name')).toHaveText(DEFAULT_PARAMS.name);
  await expect(page.getByTestId('genesis-hash')).toHaveText(expected);
});
