package io.rootctl.apply;

import io.rootctl.cloud.CloudException;

/** A failed AWS call, as the executor reports it: operation, error code, request id, message. */
public record ActionFailure(String operation, String errorCode, String requestId, String message) {

  static ActionFailure of(CloudException e) {
    return new ActionFailure(
        e.operation(), e.errorCode(), e.requestId(), String.valueOf(e.getMessage()));
  }
}
