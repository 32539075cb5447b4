package io.rootctl.desired;

import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;

/** How an OrganizationalUnit document names its OU: by path from the root, or by id. */
public sealed interface OuSelector {

  record ByPath(OuPath path) implements OuSelector {
    @Override
    public String toString() {
      return path.toString();
    }
  }

  record ById(OuId id) implements OuSelector {
    @Override
    public String toString() {
      return id.toString();
    }
  }
}
