// This response's Content-Security-Policy nonce, for the scripts Remix writes into the page
// (root.tsx). Only the server knows it; in the browser it is "" (browsers hide the
// attribute once the page has loaded, and scripts added later come from our own origin).
import { createContext, useContext } from "react";

export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
