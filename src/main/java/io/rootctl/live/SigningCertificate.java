package io.rootctl.live;

import java.time.Instant;

/** A root X.509 signing certificate (only its id and status; never the body). */
public record SigningCertificate(String id, String status, Instant uploaded) {}
