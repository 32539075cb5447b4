/**
 * The AWS SDK for Java v2 adapters of the {@code cloud} ports, and the only package that imports
 * {@code software.amazon.awssdk}. {@link io.rootctl.cloud.aws.AwsClients} builds the STS, IAM and
 * Organizations clients (regional STS for AssumeRoot, endpoint override for the emulator, SDK
 * retries with backoff and jitter, client-side rate limits); {@link io.rootctl.cloud.aws.AwsErrors}
 * is the one place SDK exceptions become {@link io.rootctl.cloud.CloudException}s.
 */
@NullMarked
package io.rootctl.cloud.aws;

import org.jspecify.annotations.NullMarked;
