// The coupons contract on the configured chain, signed by the coupons worker's account
// (COUPON_OPERATOR_PRIVATE_KEY, or the deployer's), which also holds unclaimed coupons.
import type { ethers } from "ethers";
import { getConfig } from "../config/config.server.ts";
import { chainLibrary, deployedAddress, rpcProvider } from "../evidence/chain.server.ts";
import { COUPONS_ABI } from "./contract.ts";

export interface CouponChain {
  provider: ethers.JsonRpcProvider;
  wallet: ethers.Wallet;
  contract: ethers.Contract;
  address: string;
  chainId: number;
}

export const couponsContractAddress = () => deployedAddress("coupons", getConfig().COUPONS_CONTRACT_ADDRESS);

const operatorKey = () => getConfig().COUPON_OPERATOR_PRIVATE_KEY ?? getConfig().DEPLOYER_PRIVATE_KEY;

export function couponChainConfigured() {
  return !!(getConfig().RPC_URL && operatorKey() && couponsContractAddress());
}

let current: { key: string; chain: Promise<CouponChain> } | undefined;

export function couponChain(): Promise<CouponChain> {
  const config = getConfig();
  const address = couponsContractAddress();
  if (!config.RPC_URL || !operatorKey() || !address)
    throw new Error("no coupons chain configured (RPC_URL, COUPON_OPERATOR_PRIVATE_KEY, COUPONS_CONTRACT_ADDRESS)");
  const key = `${config.RPC_URL}|${address}|${operatorKey()}`;
  if (current?.key !== key) {
    const chain = (async () => {
      const ethers = await chainLibrary();
      const provider = await rpcProvider(config.RPC_URL!);
      const { chainId } = await provider.getNetwork();
      const wallet = new ethers.Wallet(operatorKey()!, provider);
      return {
        provider,
        wallet,
        contract: new ethers.Contract(address, COUPONS_ABI, wallet),
        address,
        chainId: Number(chainId),
      };
    })();
    chain.catch(() => (current = undefined));
    current = { key, chain };
  }
  return current.chain;
}

export function resetCouponChain() {
  current = undefined;
}
