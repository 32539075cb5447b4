/**
 * The plan as versioned JSON ({@code formatVersion} 4): {@link io.rootctl.plan.json.PlanJson}
 * writes a {@link io.rootctl.plan.Plan} for {@code plan -out} and {@code --json}, and reads it back
 * for {@code apply} and {@code show}, through its own DTO records so that the plan types carry no
 * serialization concerns. Reading is strict: an unknown format version, unknown fields or malformed
 * values fail with the JSON path of the problem.
 */
@NullMarked
package io.rootctl.plan.json;

import org.jspecify.annotations.NullMarked;
