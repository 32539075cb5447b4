package io.rootctl.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every action record has its metadata in {@link ActionKind}, and only one. */
class ActionKindTest {

  private static List<Class<?>> permitted(Class<?> sealed) {
    return List.of(sealed.getPermittedSubclasses());
  }

  private static List<Class<?>> accountRecords() {
    return permitted(AccountAction.class);
  }

  private static List<Class<?>> organizationRecords() {
    return permitted(OrganizationAction.class);
  }

  @Test
  void everyActionRecordHasExactlyOneKind() {
    var records = Stream.concat(accountRecords().stream(), organizationRecords().stream()).toList();
    for (var record : records) {
      assertThat(Arrays.stream(ActionKind.values()).filter(k -> k.recordClass() == record))
          .as("ActionKind constants for %s", record.getSimpleName())
          .hasSize(1);
    }
    assertThat(Arrays.stream(ActionKind.values()).<Class<?>>map(ActionKind::recordClass).toList())
        .containsExactlyInAnyOrderElementsOf(records);
  }

  @Test
  void everyRecordReturnsItsOwnKind() throws ReflectiveOperationException {
    for (var kind : ActionKind.values()) {
      assertThat(sample(kind.recordClass()).kind()).as(kind.jsonName()).isEqualTo(kind);
    }
  }

  @Test
  void jsonNamesAreUniqueAndNonEmpty() {
    var names = Arrays.stream(ActionKind.values()).map(ActionKind::jsonName).toList();
    assertThat(names).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isNotBlank());
  }

  @Test
  void accountKindsNameATaskPolicyAndOrganizationKindsDoNot() {
    for (var kind : ActionKind.values()) {
      if (AccountAction.class.isAssignableFrom(kind.recordClass())) {
        assertThat(kind.taskPolicy()).as(kind.jsonName()).isPresent();
      } else {
        assertThat(kind.taskPolicy()).as(kind.jsonName()).isEmpty();
      }
    }
  }

  @Test
  void organizationKindsComeFirstAndSessionsDeleteBeforeCreatingAPassword() {
    var order = List.of(ActionKind.values());
    var lastOrganization =
        order.stream()
            .filter(k -> k.taskPolicy().isEmpty())
            .mapToInt(order::indexOf)
            .max()
            .orElseThrow();
    var firstAccount =
        order.stream()
            .filter(k -> k.taskPolicy().isPresent())
            .mapToInt(order::indexOf)
            .min()
            .orElseThrow();
    assertThat(lastOrganization).isLessThan(firstAccount);
    assertThat(
            order.stream()
                .flatMap(k -> k.taskPolicy().stream())
                .distinct()
                .collect(Collectors.toList()))
        .containsExactly(
            TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, TaskPolicy.CREATE_ROOT_USER_PASSWORD);
  }

  @Test
  void everyKindHasASymbolAndTexts() throws ReflectiveOperationException {
    for (var kind : ActionKind.values()) {
      assertThat(Set.of('-', '+', '~')).contains(kind.symbol());
      var action = sample(kind.recordClass());
      assertThat(action.planText()).isNotBlank();
      assertThat(action.checkText()).isNotBlank();
      if (action instanceof AccountAction a) {
        assertThat(a.appliedText()).isNotBlank();
        assertThat(a.statusText()).isNotBlank();
        assertThat(a.requiredPolicy()).isEqualTo(kind.taskPolicy().orElseThrow());
      }
    }
  }

  /** An instance of {@code record} with placeholder components. */
  private static Action sample(Class<? extends Action> record) throws ReflectiveOperationException {
    RecordComponent[] components = record.getRecordComponents();
    var types = new Class<?>[components.length];
    var values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = placeholder(types[i]);
    }
    return record.getDeclaredConstructor(types).newInstance(values);
  }

  private static Object placeholder(Class<?> type) {
    if (type == String.class) {
      return "x";
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == OrgFeature.class) {
      return OrgFeature.values()[0];
    }
    throw new AssertionError("no placeholder for " + type + "; add one here");
  }
}
