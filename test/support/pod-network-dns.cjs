// Test double of a management cluster's pod network DNS. Preloaded (NODE_OPTIONS=--require) into a cluster
// agent process, which plays a pod inside that cluster: names under `.pod-network.test` resolve to loopback
// for it, and for no other process — so a workload cluster whose kubeconfig names such an address is
// reachable from "inside" the management cluster only, as Kamaji's tenant API servers often are.
const dns = require("node:dns");
const lookup = dns.lookup;
dns.lookup = function podNetworkLookup(hostname, options, callback, ...rest) {
  if (typeof hostname === "string" && hostname.endsWith(".pod-network.test")) {
    const cb = typeof options === "function" ? options : callback;
    const all = typeof options === "object" && options !== null && options.all;
    if (all) return process.nextTick(cb, null, [{ address: "127.0.0.1", family: 4 }]);
    return process.nextTick(cb, null, "127.0.0.1", 4);
  }
  return lookup.call(this, hostname, options, callback, ...rest);
};
