import 'fake-indexeddb/auto';
import { IdbStore } from '../../src/store/idb-store.js';
import { storeSuite } from '../support/store-suite.js';
import { freshNodeId, idbStoreSuite } from '../support/store-idb-suite.js';
import { nodeDatabaseName } from '../../src/store/databases.js';
import { genesisHash } from '../../src/core/room.js';
import { TEST_PARAMS } from '../support/blocks.js';

storeSuite(
  'IdbStore on fake-indexeddb',
  () => IdbStore.open(nodeDatabaseName(freshNodeId(), genesisHash(TEST_PARAMS))),
  async (store) => {
    store.close();
    return IdbStore.open((store as IdbStore).name);
  },
);

idbStoreSuite('IdbStore on fake-indexeddb');
