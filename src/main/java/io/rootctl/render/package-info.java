/**
 * Turns values into text for people and JSON for machines: {@link io.rootctl.render.PlanText}
 * renders a plan in Terraform's idiom, with or without ANSI colour ({@link
 * io.rootctl.render.Style}); {@code ProblemsText} and {@code ValidationJson} render validation
 * problems and summaries. Renderers decide nothing; they only format what the value holds.
 */
@NullMarked
package io.rootctl.render;

import org.jspecify.annotations.NullMarked;
