package io.rootctl.lock;

/**
 * Who takes the lock, as every lock this process takes records it.
 *
 * @param holder the operating-system user, or {@code controller}
 * @param host the host name (a pod's name in Kubernetes)
 * @param pid the process id
 * @param command {@code rootctl apply}, {@code rootctl controller}
 */
public record LockOwner(String holder, String host, long pid, String command) {}
