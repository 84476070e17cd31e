import { lifecycleConsumer } from "./lifecycle.js";

/** The step-due queue's worker: the lifecycle worker's handler for waiting steps' timers and the status sync's nudges. */
export const handler = lifecycleConsumer("steps");
