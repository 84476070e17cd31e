import { clusterLifecycle } from "./cluster-lifecycle.suite.js";

clusterLifecycle("direct");
