package io.rootctl.desired;

/**
 * Where a resolved setting came from: {@code organization defaults}, {@code OU /Root/Sandbox} or
 * {@code account break-glass}, and the place it was written.
 */
public record Origin(String description, SourceLocation location) {
  @Override
  public String toString() {
    return description + " (" + location + ")";
  }
}
