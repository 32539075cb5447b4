/**
 * Turns values into text for people and JSON for machines: problems, validation summaries, and (as
 * they arrive) plans and apply results. Decides nothing; writes only to the writers it is given.
 */
@NullMarked
package io.rootctl.render;

import org.jspecify.annotations.NullMarked;
