/**
 * The write-ahead audit journal of every write rootctl makes: the {@link io.rootctl.audit.AuditLog}
 * port (written by the executor and crash recovery), its JSON-lines file adapter, the line format
 * ({@link io.rootctl.audit.JournalFormat}) and the journal read back by write ({@link
 * io.rootctl.audit.Journal}). Each write is a {@code started} line, forced to disk before the AWS
 * call, then an outcome line with the same write id. Entries name the account, task policy, AWS
 * operation and target (an access key id, certificate id or MFA serial; never a secret), the result
 * and, on failure, the AWS operation, error code and request id.
 */
@NullMarked
package io.rootctl.audit;

import org.jspecify.annotations.NullMarked;
