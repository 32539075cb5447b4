/**
 * The shared vocabulary of rootctl: typed identifiers ({@link io.rootctl.model.AccountId}, {@link
 * io.rootctl.model.OuId}, {@link io.rootctl.model.OuPath}), the five AWS root task policies, the
 * four kinds of root credential, the two organization root features, the run mode, and which
 * characters are safe to print ({@link io.rootctl.model.Printable}). Values only: nothing here does
 * I/O or reads the clock.
 */
@NullMarked
package io.rootctl.model;

import org.jspecify.annotations.NullMarked;
