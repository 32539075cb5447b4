/**
 * The observed, live state of an organization: its OU tree and member accounts, its root features
 * and trusted access, and per member account what its root user holds (or why it could not be
 * read). Immutable values built by the observer; nothing here does I/O.
 */
@NullMarked
package io.rootctl.live;

import org.jspecify.annotations.NullMarked;
