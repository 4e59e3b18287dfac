/**
 * The network's tunable limits, each with where its number comes from. Bitcoin Core's values
 * assume ten-minute blocks, always-on servers and a hostile Internet; a classroom has 15-second
 * blocks, laptops whose background tabs are throttled, and a LAN.
 */

/** Every limit of the network layer. */
export interface NetLimits {
  /** Most connections, handshaking ones included (Core: 125 slots; a tab is no server). */
  readonly maxPeers: number;
  /** A handshake must complete within this, ms (Core: 60 s for the version message). */
  readonly handshakeTimeoutMs: number;
  /**
   * Ping period, ms. Core pings every 2 min (PING_INTERVAL); a classroom wants a vanished
   * laptop gone in about a minute, and simple-peer never notices one (threat model 36).
   */
  readonly pingIntervalMs: number;
  /**
   * Close a peer whose pong is this late, ms. Core waits 20 min (TIMEOUT_INTERVAL), ws and
   * y-webrtc 30 s. Chrome runs a hidden tab's timers at most once a minute after 5 minutes
   * (intensive throttling), so anything under a minute would drop honest background tabs.
   */
  readonly pingTimeoutMs: number;
  /** Period of the maintenance tick (timeouts, stalls), ms. */
  readonly tickMs: number;
  /** Blocks requested from one peer at once (Core MAX_BLOCKS_IN_TRANSIT_PER_PEER). */
  readonly maxBlocksInFlightPerPeer: number;
  /** How far past our best linked block downloads may run (Core BLOCK_DOWNLOAD_WINDOW). */
  readonly blockDownloadWindow: number;
  /**
   * A requested block not delivered within this is re-requested elsewhere, ms. Core starts
   * at 2 s (BLOCK_STALLING_TIMEOUT_DEFAULT) for the block holding up its window and allows
   * 10 min for any download; a throttled laptop tab deserves the middle ground.
   */
  readonly blockStallTimeoutMs: number;
  /** Stalls (without a delivery in between) after which a peer is disconnected (threat model 32). */
  readonly maxStalls: number;
  /** A getheaders not answered within this is given up (and another peer asked), ms. */
  readonly headersTimeoutMs: number;
  /** At most one getheaders per peer per this for orphans and unconnecting headers (threat model 29). */
  readonly unconnectingRetryMs: number;
  /** Unrequested blocks ahead of our tip that are still processed (Core MIN_BLOCKS_TO_KEEP). */
  readonly maxUnrequestedAhead: number;
  /** Unrequested blocks/txs/headers a peer may send in a burst before it is flooding. */
  readonly unrequestedBurst: number;
  /** ...and per second after the burst (a room finds a block every few seconds at most). */
  readonly unrequestedPerSecond: number;
  /**
   * A transaction request not answered within this is asked of the next announcer, ms (Core
   * GETDATA_TX_INTERVAL: 60 s).
   */
  readonly txRequestTimeoutMs: number;
  /**
   * Transaction requests outstanding to one peer (Core MAX_PEER_TX_REQUEST_IN_FLIGHT). Per
   * peer: a table shared by all peers let one announcement of 5,000 fake ids block every
   * honest transaction for a minute.
   */
  readonly maxTxInFlightPerPeer: number;
  /**
   * Transaction announcements tracked per peer, asked or waiting (Core MAX_PEER_TX_ANNOUNCEMENTS);
   * past it the peer's further announcements are ignored until some are settled.
   */
  readonly maxTxAnnouncementsPerPeer: number;
  /**
   * Bytes of getdata answers one peer may draw at once (a token bucket per peer, serve.ts).
   * Core lets the send buffer pace it; here one getdata naming a 54 KB block 5,000 times made
   * a tab send 272 MB. 4 MiB is twenty of the largest blocks, more than an honest peer's 16
   * in flight.
   */
  readonly serveBytesBurst: number;
  /** ...and per second after the burst: a hundred 20 KB blocks a second; the attack drew 7 MB/s. */
  readonly serveBytesPerSecond: number;
  /** getdata items (answered or not found) one peer may have handled at once: a full getdata... */
  readonly serveItemsBurst: number;
  /** ...and per second after it (an honest peer has 16 blocks and 100 transactions in flight). */
  readonly serveItemsPerSecond: number;
  /**
   * Requested items waiting for the peer's budget (Core keeps the rest of a getdata in
   * vRecvGetData while its send buffer is full); past it they are dropped and scored.
   */
  readonly maxServeQueue: number;
  /**
   * Block answers queued to be encoded when the channel has room, per peer. Their bytes are
   * charged when made, so this bounds how far the budget can be overdrawn (an honest peer's
   * 16 blocks in flight).
   */
  readonly maxServeOutstanding: number;
  /**
   * An item asked again within this of its answer is a repeat, scored, ms. A third of
   * blockStallTimeoutMs, so an honest re-request after a stall is never one.
   */
  readonly serveRepeatWindowMs: number;
  /** Answered items remembered per peer for spotting repeats (older ones are forgotten). */
  readonly maxServedRemembered: number;
  /** Recently seen transaction ids remembered (Core's m_recent_rejects holds 120,000). */
  readonly seenCapacity: number;
  /** Ids remembered per peer as known to it (Core keeps a 50,000-entry bloom filter; strings cost more). */
  readonly knownPerPeer: number;
  /**
   * Stop writing to a link above this many buffered bytes and queue instead (simple-peer
   * uses 64 KiB; Chromium closes a channel at 16 MiB queued: threat model 37).
   */
  readonly sendHighWaterBytes: number;
  /** Encoded bytes a peer's send queue may hold before the peer is dropped as too slow. */
  readonly maxQueuedBytes: number;
  /** Messages a peer's send queue may hold (lazy block answers count one each). */
  readonly maxQueuedMessages: number;
  /** Poll period while a link is over its high-water mark and has no onDrain hook, ms. */
  readonly drainPollMs: number;
  /** Mesh signaling messages (relay-signal, peers) a peer may send in a burst... */
  readonly meshBurst: number;
  /** ...and per second (an offer, an answer and a dozen ICE candidates per connection). */
  readonly meshPerSecond: number;
  /** Nodes learned through `peers` messages kept as dial candidates. */
  readonly maxKnownNodes: number;
  /** How long a banned key is refused, ms (Core: 24 h; a lesson is an hour). */
  readonly banDurationMs: number;
  /**
   * A branch is stored only once its work reaches our tip's minus this many blocks at the
   * tip's difficulty; below that its headers are presynced in memory and its blocks dropped
   * (issue 13). Core's MIN_BLOCKS_TO_KEEP (288): a lab partition of an hour still shows.
   */
  readonly lowWorkMarginBlocks: number;
  /**
   * Headers one peer's branch may presync before it is given up: one bit each in memory
   * (128 KiB a peer; Core keeps a bit per ~600 of Bitcoin's 900,000). A classroom chain of
   * six months of 15 s blocks fits.
   */
  readonly maxPresyncHeaders: number;
  /**
   * Header-only entries of branches with no more work than our tip that one peer may have us
   * store at once (an hour's lab partition is ~240 blocks a side; within the margin the
   * floor makes a header cheap, so it is a count that bounds them)...
   */
  readonly sideHeadersBurst: number;
  /** ...and per second after that (360 an hour; honest stale branches come a few an hour). */
  readonly sideHeadersPerSecond: number;
  /**
   * Side-branch bodies one peer may have us store (blocks that would not join our best
   * chain, other than those downloaded along a chain with more work)...
   */
  readonly sideBlocksBurst: number;
  /** ...and per second after that (one a minute; a busy class stales a few an hour a peer). */
  readonly sideBlocksPerSecond: number;
  /** Encoded bytes of those side bodies (1 MiB: 16 full default blocks)... */
  readonly sideBytesBurst: number;
  /** ...and per second after that (3.6 MB an hour; honest stale blocks are small). */
  readonly sideBytesPerSecond: number;
}

/** The defaults for a classroom. */
export const DEFAULT_NET_LIMITS: NetLimits = {
  maxPeers: 32,
  handshakeTimeoutMs: 30_000,
  pingIntervalMs: 15_000,
  pingTimeoutMs: 60_000,
  tickMs: 1_000,
  maxBlocksInFlightPerPeer: 16,
  blockDownloadWindow: 1024,
  blockStallTimeoutMs: 30_000,
  maxStalls: 3,
  headersTimeoutMs: 60_000,
  unconnectingRetryMs: 2 * 60_000,
  maxUnrequestedAhead: 288,
  unrequestedBurst: 50,
  unrequestedPerSecond: 1,
  txRequestTimeoutMs: 60_000,
  maxTxInFlightPerPeer: 100,
  maxTxAnnouncementsPerPeer: 5_000,
  serveBytesBurst: 4 * 1024 * 1024,
  serveBytesPerSecond: 2 * 1024 * 1024,
  serveItemsBurst: 5_000,
  serveItemsPerSecond: 1_000,
  maxServeQueue: 5_000,
  maxServeOutstanding: 16,
  serveRepeatWindowMs: 10_000,
  maxServedRemembered: 1_024,
  seenCapacity: 10_000,
  knownPerPeer: 2_000,
  sendHighWaterBytes: 1024 * 1024,
  maxQueuedBytes: 8 * 1024 * 1024,
  maxQueuedMessages: 10_000,
  drainPollMs: 20,
  meshBurst: 60,
  meshPerSecond: 10,
  maxKnownNodes: 256,
  banDurationMs: 60 * 60_000,
  lowWorkMarginBlocks: 288,
  maxPresyncHeaders: 1 << 20,
  sideHeadersBurst: 1_000,
  sideHeadersPerSecond: 0.1,
  sideBlocksBurst: 32,
  sideBlocksPerSecond: 1 / 60,
  sideBytesBurst: 1024 * 1024,
  sideBytesPerSecond: 1024,
};
