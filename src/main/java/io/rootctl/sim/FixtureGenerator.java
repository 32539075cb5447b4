package io.rootctl.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates a simulated organization from a {@link GeneratorSpec}: deterministic per seed (the same
 * spec always gives the same fixture). The root is named {@code Root}; the named OUs come first,
 * then the {@code ous} OUs with generated names under random parents, the tree at most 5 levels
 * deep; accounts are spread over the root and every OU. About 1% of member accounts are SUSPENDED;
 * a {@code drift} share of member accounts hold root credentials of mixed kinds (login profile with
 * or without password, access keys, signing certificates, virtual or hardware MFA). Trusted access
 * for IAM and both root features are enabled.
 */
public final class FixtureGenerator {
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");

  private FixtureGenerator() {}

  /** The fixture for {@code spec}. */
  public static Fixture generate(GeneratorSpec spec) {
    var random = new SplittableRandom(spec.seed());
    var orgId = "o-" + chars(random, LOWER, 10);
    var rootSuffix = chars(random, "abcdefghijklmnopqrstuvwxyz0123456789", 4);
    var rootId = "r-" + rootSuffix;

    var ous = new ArrayList<Fixture.Ou>();
    var parents = new ArrayList<String>();
    var depth = new HashMap<String, Integer>();
    parents.add(rootId);
    depth.put(rootId, 0);
    var ouIds = new HashSet<String>();
    var named = new HashMap<List<String>, String>();
    for (var path : spec.namedOus()) {
      // namedOus() lists every OU after the OUs on its path.
      var parent =
          path.size() == 1
              ? rootId
              : Objects.requireNonNull(named.get(path.subList(0, path.size() - 1)));
      String id;
      do {
        id = "ou-" + rootSuffix + "-" + chars(random, LOWER, 8);
      } while (!ouIds.add(id));
      ous.add(new Fixture.Ou(id, path.get(path.size() - 1), parent));
      parents.add(id);
      depth.put(id, path.size());
      named.put(path, id);
    }
    for (int i = 0; i < spec.ous(); i++) {
      String parent;
      do {
        parent = parents.get(random.nextInt(parents.size()));
      } while (depth.get(parent) >= 5);
      String id;
      do {
        id = "ou-" + rootSuffix + "-" + chars(random, LOWER, 8);
      } while (!ouIds.add(id));
      ous.add(new Fixture.Ou(id, "ou-" + (i + 1), parent));
      parents.add(id);
      depth.put(id, depth.get(parent) + 1);
    }

    var ids = new HashSet<String>();
    var accounts = new ArrayList<Fixture.Account>();
    String managementId = accountId(random, ids);
    accounts.add(
        new Fixture.Account(
            managementId,
            "management",
            "management@example.com",
            rootId,
            null,
            EPOCH.toString(),
            new Fixture.RootUser(
                new Fixture.LoginProfile(true, EPOCH.toString()),
                List.of(),
                List.of(),
                List.of(new Fixture.MfaDevice("GAKT" + chars(random, "0123456789", 8), null, null)),
                null)));
    for (int i = 1; i < spec.accounts(); i++) {
      var id = accountId(random, ids);
      var joined = EPOCH.plusSeconds(86_400L * random.nextInt(2000));
      var parent = parents.get(random.nextInt(parents.size()));
      var state = random.nextInt(100) == 0 ? "SUSPENDED" : null;
      Fixture.RootUser root = null;
      if (random.nextDouble() < spec.drift()) {
        root = drift(random, id, joined);
      }
      accounts.add(
          new Fixture.Account(
              id,
              "account-" + i,
              "account-" + i + "@example.com",
              parent,
              state,
              joined.toString(),
              root));
    }
    return new Fixture(
        orgId,
        managementId,
        new Fixture.Root(rootId, "Root"),
        List.of("RootCredentialsManagement", "RootSessions"),
        List.of(new Fixture.TrustedAccess("iam.amazonaws.com", EPOCH.toString())),
        List.of(),
        ous,
        accounts,
        null);
  }

  private static Fixture.RootUser drift(SplittableRandom random, String id, Instant joined) {
    // Mixed kinds: at least one, each kind independently likely.
    int kinds;
    do {
      kinds = random.nextInt(16);
    } while (kinds == 0);
    Fixture.LoginProfile profile = null;
    var keys = new ArrayList<Fixture.AccessKey>();
    var certs = new ArrayList<Fixture.SigningCertificate>();
    var mfa = new ArrayList<Fixture.MfaDevice>();
    var at = joined.plusSeconds(3600).toString();
    if ((kinds & 1) != 0) {
      profile = new Fixture.LoginProfile(random.nextBoolean(), at);
    }
    if ((kinds & 2) != 0) {
      int n = 1 + random.nextInt(2);
      for (int k = 0; k < n; k++) {
        boolean used = random.nextBoolean();
        keys.add(
            new Fixture.AccessKey(
                "AKIA" + chars(random, UPPER, 16),
                random.nextInt(4) == 0 ? "Inactive" : "Active",
                at,
                used ? joined.plusSeconds(86_400).toString() : null,
                used ? "s3" : null));
      }
    }
    if ((kinds & 4) != 0) {
      certs.add(new Fixture.SigningCertificate(chars(random, UPPER, 24), "Active", at));
    }
    if ((kinds & 8) != 0) {
      mfa.add(
          new Fixture.MfaDevice(
              random.nextBoolean()
                  ? "arn:aws:iam::" + id + ":mfa/root-account-mfa-device"
                  : "GAKT" + chars(random, "0123456789", 8),
              at,
              null));
    }
    return new Fixture.RootUser(profile, keys, certs, mfa, null);
  }

  private static String accountId(SplittableRandom random, java.util.Set<String> taken) {
    String id;
    do {
      id = String.format("%012d", random.nextLong(100_000_000_000L, 1_000_000_000_000L));
    } while (!taken.add(id));
    return id;
  }

  private static String chars(SplittableRandom random, String alphabet, int n) {
    var sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
