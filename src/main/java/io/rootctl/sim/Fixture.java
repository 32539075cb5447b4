package io.rootctl.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A simulated organization written down: the fixture file format (YAML or JSON; every field is
 * described in docs/emulator.md), the shape of {@code GET /_sim/state} and what {@code rootctl sim
 * --dump-fixture} writes. Timestamps are ISO-8601 strings; absent optional values are null.
 *
 * @param enabledFeatures IAM {@code FeatureType} names, e.g. {@code RootSessions}
 * @param managementCredentials the management account administrator's long-term key; derived from
 *     the organization id when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fixture(
    String organizationId,
    String managementAccountId,
    Root root,
    @Nullable List<String> enabledFeatures,
    @Nullable List<TrustedAccess> trustedAccess,
    @Nullable List<DelegatedAdministrator> delegatedAdministrators,
    @Nullable List<Ou> organizationalUnits,
    List<Account> accounts,
    @Nullable Credentials managementCredentials) {

  public Fixture {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(managementAccountId, "managementAccountId");
    Objects.requireNonNull(root, "root");
    enabledFeatures = copy(enabledFeatures);
    trustedAccess = copy(trustedAccess);
    delegatedAdministrators = copy(delegatedAdministrators);
    organizationalUnits = copy(organizationalUnits);
    accounts = copy(accounts);
  }

  private static <T> List<T> copy(@Nullable List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** The organization root. */
  public record Root(String id, String name) {}

  /** A service principal with trusted access. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TrustedAccess(String servicePrincipal, @Nullable String dateEnabled) {}

  /** A delegated administrator registration. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DelegatedAdministrator(
      String accountId, String servicePrincipal, @Nullable String delegationEnabledDate) {}

  /** An OU; {@code parent} is the root id or another OU's id. */
  public record Ou(String id, String name, String parent) {}

  /**
   * An account. {@code state} defaults to ACTIVE; {@code root} to a root user with nothing.
   *
   * @param parent the root id or an OU id
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Account(
      String id,
      String name,
      String email,
      String parent,
      @Nullable String state,
      @Nullable String joined,
      @Nullable RootUser root) {}

  /** What the account's root user holds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RootUser(
      @Nullable LoginProfile loginProfile,
      @Nullable List<AccessKey> accessKeys,
      @Nullable List<SigningCertificate> signingCertificates,
      @Nullable List<MfaDevice> mfaDevices,
      @Nullable String passwordLastUsed) {

    public RootUser {
      accessKeys = copy(accessKeys);
      signingCertificates = copy(signingCertificates);
      mfaDevices = copy(mfaDevices);
    }

    @JsonIgnore
    public boolean isEmpty() {
      return loginProfile == null
          && accessKeys.isEmpty()
          && signingCertificates.isEmpty()
          && mfaDevices.isEmpty();
    }
  }

  /** A login profile; {@code password} false means "password recovery allowed, none set". */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LoginProfile(boolean password, @Nullable String created) {}

  /** A root access key; {@code status} defaults to Active. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccessKey(
      String id,
      @Nullable String status,
      @Nullable String created,
      @Nullable String lastUsed,
      @Nullable String lastUsedService) {}

  /** A root signing certificate; {@code status} defaults to Active. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SigningCertificate(String id, @Nullable String status, @Nullable String uploaded) {}

  /**
   * A root MFA device: a virtual one's serial is its ARN ({@code arn:aws:iam::ID:mfa/NAME}), a
   * hardware one's its serial. {@code enabled} false: a deactivated virtual device not yet deleted.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MfaDevice(String serial, @Nullable String enableDate, @Nullable Boolean enabled) {}

  /** Long-term credentials. */
  public record Credentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "Credentials[" + accessKeyId + "]";
    }
  }

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML_OUT = new YAMLMapper();

  /** Reads a fixture from YAML (which includes JSON). */
  public static Fixture parse(InputStream in) {
    try {
      return YAML.readValue(in, Fixture.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a valid simulator fixture: " + e.getMessage(), e);
    }
  }

  /** Reads a fixture file. */
  public static Fixture load(Path file) {
    try (var in = Files.newInputStream(file)) {
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + file, e);
    }
  }

  /** The fixture shipped under this name, e.g. {@code demo}. */
  public static Fixture builtIn(String name) {
    var resource = Fixture.class.getResourceAsStream(name + ".yaml");
    if (resource == null) {
      throw new IllegalArgumentException("no built-in fixture named " + name);
    }
    try (resource) {
      return parse(resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo organization (the built-in {@code demo} fixture, matching desired-state/). */
  public static Fixture demo() {
    return builtIn("demo");
  }

  /** This fixture as JSON. */
  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This fixture as YAML. */
  public String toYaml() {
    try {
      return YAML_OUT.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes this fixture to {@code file}, which {@link #load(Path)} reads back: JSON when the file
   * name ends in {@code .json}, YAML otherwise. The text goes to a new file next to it (on POSIX
   * systems readable by its owner only, as it holds the management credentials) that then replaces
   * {@code file}, so a reader never sees half a fixture.
   *
   * @throws IOException when the file cannot be written (its directory missing, not writable)
   */
  public void save(Path file) throws IOException {
    var text = file.getFileName().toString().endsWith(".json") ? toJson() : toYaml();
    var directory = file.toAbsolutePath().getParent();
    var temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(temporary, text);
      try {
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
