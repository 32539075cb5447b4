/**
 * The audit trail of every write rootctl makes: the {@link io.rootctl.audit.AuditLog} port (written
 * only by the executor) and its JSON-lines file adapter. Entries name the account, task policy, AWS
 * operation and target (an access key id, certificate id or MFA serial; never a secret), the result
 * and, on failure, the AWS error code and request id.
 */
@NullMarked
package io.rootctl.audit;

import org.jspecify.annotations.NullMarked;
