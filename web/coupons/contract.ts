// The Coupons contract's interface (contracts/Coupons.sol), as the worker and the tests use it.

export const COUPONS_ABI = [
  "function defineOffer(uint256 id, uint256 stock)",
  "function issue(bytes32 opId, address to, uint256[] ids, uint256[] amounts)",
  "function deliver(bytes32 opId, address to, uint256[] ids, uint256[] amounts)",
  "function redeem(bytes32 opId, address[] holders, uint256[] ids, uint256[] amounts)",
  "function pause()",
  "function unpause()",
  "function maxSupply(uint256 id) view returns (uint256)",
  "function minted(uint256 id) view returns (uint256)",
  "function operationDone(bytes32 opId) view returns (bool)",
  "function balanceOf(address account, uint256 id) view returns (uint256)",
  "event Redeemed(bytes32 indexed opId, address indexed holder, uint256 indexed id, uint256 amount)",
  "error OperationAlreadyDone(bytes32 opId)",
  "error StockExceeded(uint256 id, uint256 requested, uint256 remaining)",
  "error UnknownOffer(uint256 id)",
  "error OfferAlreadyDefined(uint256 id)",
  "error EnforcedPause()",
] as const;

/** Groups items by key and counts them: the ids and amounts of one batched call. */
export function tally<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
