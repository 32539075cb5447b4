package io.rootctl.sim;

import io.rootctl.model.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The IAM Identity Center portal, simulated: the one call the AWS SDK's SSO credentials provider
 * makes, {@code GetRoleCredentials}, which trades the access token {@code aws sso login} cached for
 * short-term credentials of a role the signed-in user is assigned in an account. Tokens are issued
 * outside the API ({@link #issueAccessToken}, what {@code aws sso login} obtains from the OIDC
 * service); a token lets its user sign in to one account with the role names given. A view:
 * construct as many as convenient. Thread-safe.
 *
 * <p>The emulator has no IAM roles: the credentials returned act as the account's administrator (as
 * {@link SimulatedOrganization#addAdminCredentials} does), and their {@code expiration} is
 * reported, not enforced.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html">GetRoleCredentials</a>
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/understanding-sso.html">SSO token
 *     provider and credentials</a>
 */
public final class SsoPortalBackend {
  /** How long the role credentials are valid: a permission set's default session, 1 hour. */
  static final Duration ROLE_SESSION = Duration.ofHours(1);

  /** Short-term credentials of a role, as GetRoleCredentials returns them. */
  public record RoleCredentials(
      String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    @Override
    public String toString() {
      return "RoleCredentials[" + accessKeyId + ", expires " + expiration + "]";
    }
  }

  private final SimState state;
  private final CallPipeline pipeline;

  public SsoPortalBackend(SimulatedOrganization organization) {
    this.state = organization.state();
    this.pipeline = organization.pipeline();
  }

  /**
   * An access token of a user assigned {@code roleNames} in {@code account}, valid for {@code
   * validity} from now (negative: already expired); what {@code aws sso login} caches. Not an API
   * call: not journaled.
   */
  public String issueAccessToken(AccountId account, Set<String> roleNames, Duration validity) {
    return pipeline.locked(
        () -> {
          state.existing(account);
          var token = "aoa" + state.randomId(60);
          state.ssoTokens.put(
              token,
              new SimState.SsoToken(account, Set.copyOf(roleNames), pipeline.now().plus(validity)));
          return token;
        });
  }

  /**
   * The OIDC service's {@code CreateToken}, as the SDK calls it to refresh an {@code sso_session}
   * token near or past its expiry ({@code grant_type refresh_token}). The emulator issues no
   * refresh tokens (its tokens come from {@link #issueAccessToken}), so every refresh is refused as
   * the service refuses an unknown or expired refresh token: the user must sign in again.
   *
   * @throws SimException {@code InvalidGrantException} (400, error {@code invalid_grant}) for a
   *     refresh; {@code UnsupportedGrantTypeException} (400) for any other grant
   * @see <a
   *     href="https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateToken.html">CreateToken</a>
   */
  public void createToken(Optional<String> grantType) {
    var outcome = CallJournal.OK;
    try {
      if (grantType.isPresent() && grantType.get().equals("refresh_token")) {
        throw new SimException(
            "InvalidGrantException", 400, "Invalid refresh token provided", Optional.empty());
      }
      throw new SimException(
          "UnsupportedGrantTypeException",
          400,
          "the emulator issues tokens only through the issueSsoToken control-plane action");
    } catch (SimException e) {
      outcome = e.errorCode();
      throw e;
    } finally {
      pipeline
          .journal()
          .record("sso-oauth:CreateToken", Optional.empty(), Optional.empty(), outcome);
    }
  }

  /**
   * {@code GetRoleCredentials}: credentials of {@code roleName} in {@code accountId} for the holder
   * of {@code accessToken}.
   *
   * @throws SimException {@code InvalidRequestException} (400) when a parameter is missing; {@code
   *     UnauthorizedException} (401, "Session token not found or invalid") when the token is
   *     missing, unknown or expired; {@code ForbiddenException} (403, "No access") when the token's
   *     user is not assigned that role in that account
   */
  public RoleCredentials getRoleCredentials(
      Optional<String> accessToken, Optional<String> accountId, Optional<String> roleName) {
    var outcome = CallJournal.OK;
    try {
      return pipeline.locked(
          () -> {
            if (accountId.isEmpty() || roleName.isEmpty()) {
              throw new SimException(
                  "InvalidRequestException",
                  400,
                  "account_id and role_name are required query parameters");
            }
            var token = accessToken.map(state.ssoTokens::get).orElse(null);
            if (token == null || !pipeline.now().isBefore(token.expires())) {
              throw new SimException(
                  "UnauthorizedException", 401, "Session token not found or invalid");
            }
            if (!token.account().value().equals(accountId.get())
                || !token.roleNames().contains(roleName.get())) {
              throw new SimException("ForbiddenException", 403, "No access");
            }
            var creds =
                new AdminCredentials(
                    token.account(), "ASIA" + state.randomId(16), "sim/" + state.randomId(36));
            state.admins.put(creds.accessKeyId(), creds);
            return new RoleCredentials(
                creds.accessKeyId(),
                creds.secretAccessKey(),
                "sim-sso/" + state.randomId(48),
                pipeline.now().plus(ROLE_SESSION));
          });
    } catch (SimException e) {
      outcome = e.errorCode();
      throw e;
    } finally {
      pipeline.journal().record("sso:GetRoleCredentials", accountId, Optional.empty(), outcome);
    }
  }
}
