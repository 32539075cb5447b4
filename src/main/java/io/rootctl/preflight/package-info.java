/**
 * The SCP/RCP preflight, pure: which explicit {@code Deny} statements of the organization policies
 * on an account's path (root, OUs, account) would deny the actions of rootctl's root sessions in
 * that account ({@link io.rootctl.preflight.ScpEvaluator}). Values in, findings out; no I/O, no
 * clock. Service control policies apply to the root user of member accounts, and so inside root
 * sessions: see <a
 * href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html">Service
 * control policies</a> and <a
 * href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html">SCP
 * evaluation</a>.
 */
@NullMarked
package io.rootctl.preflight;

import org.jspecify.annotations.NullMarked;
