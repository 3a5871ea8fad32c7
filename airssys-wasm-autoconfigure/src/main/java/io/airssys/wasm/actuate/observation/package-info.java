/** Calls into components as Micrometer observations: timed as metrics and traced as spans. */
package io.airssys.wasm.actuate.observation;
