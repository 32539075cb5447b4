/**
 * Root activity as AWS reports it: the pure parser and classifier of the EventBridge events
 * (CloudTrail "AWS API Call via CloudTrail" and "AWS Console Sign In via CloudTrail", GuardDuty
 * findings) that the controller's SQS event source receives. No I/O, no clock, no logging: a
 * message body in, a {@link io.rootctl.events.RootActivity} or a rejection out.
 */
@NullMarked
package io.rootctl.events;

import org.jspecify.annotations.NullMarked;
