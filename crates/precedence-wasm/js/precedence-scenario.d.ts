// Types of precedence-scenario.js: the `<precedence-scenario>` element and the engine it shares.
import type { ErrorResult, EvaluateResult } from "./web/precedence_wasm.js";

/** `<precedence-scenario>`: a scenario evaluated in the page, with editable policies and request. */
export declare class PrecedenceScenario extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The latest result of `evaluate` for the scenario as edited; `null` before the first. */
  result: EvaluateResult | ErrorResult | null;
}

/** The JS API, initialised once for every element of the page. */
export declare function loadEngine(): Promise<typeof import("./web/precedence_wasm.js")>;

declare global {
  interface HTMLElementTagNameMap {
    "precedence-scenario": PrecedenceScenario;
  }
  interface HTMLElementEventMap {
    /** Fired (bubbling, composed) after each evaluation, with its result. */
    "precedence-evaluated": CustomEvent<EvaluateResult | ErrorResult>;
  }
}
