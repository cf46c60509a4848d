package dev.frameflow.contracts.extraction;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.frameflow.contracts.validation.Between;
import dev.frameflow.contracts.validation.ContractValidator.Violation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The options as flat text fields: an upload's form fields and query parameters, a tus upload's
 * {@code Upload-Metadata}. Read from {@link ExtractionOptions}' components, so a new option is a
 * form field (and in the API's documented form schema, {@link #fields()}) with nothing to add here.
 *
 * <p>A nested record ({@code storyboard}) is a flag of its own name ({@code storyboard=true}: every
 * default) and one field per setting, prefixed ({@code storyboardTileWidth}). Lists are
 * comma-separated ({@code timestamps=12.5,50%}); a flag reads {@code true}/{@code on}/{@code 1} or
 * {@code false}/{@code off}/{@code 0}, false being the same as absent.
 */
public final class ExtractionOptionsForm {

  /**
   * One flat field as the API documents it: the name, the Java type of its value ({@code String}
   * for a comma-separated list), what it means, its bounds ({@link Between}) and, for an enum, its
   * choices.
   */
  public record Field(
      String name,
      Class<?> type,
      String description,
      String min,
      boolean minInclusive,
      String max,
      List<String> choices) {}

  /** A flat field and where its value goes: a component, or a component of a nested record. */
  private record Slot(Field field, RecordComponent component, RecordComponent nested) {
    boolean isNestedFlag() {
      return nested == null && component.getType().isRecord();
    }
  }

  private static final List<Slot> SLOTS = slots();

  private ExtractionOptionsForm() {}

  /** Every field, in the record's order. */
  public static List<Field> fields() {
    return SLOTS.stream().map(Slot::field).toList();
  }

  /** Every field's name. */
  public static List<String> names() {
    return SLOTS.stream().map(s -> s.field().name()).toList();
  }

  /** Whether {@code name} is an option's field. */
  public static boolean knows(String name) {
    return names().contains(name);
  }

  /** The fields of the nested records' settings ({@code storyboardTileWidth}, …). */
  static List<String> nestedNames() {
    return SLOTS.stream().filter(s -> s.nested() != null).map(s -> s.field().name()).toList();
  }

  /**
   * The options the fields give, checked: an {@link InvalidOptionsException} naming every field
   * that is unknown, unreadable or out of bounds. Blank values count as absent.
   */
  public static ExtractionOptions read(Map<String, String> values) {
    List<Violation> errors = new ArrayList<>();
    values.keySet().stream()
        .filter(name -> !knows(name))
        .forEach(name -> errors.add(new Violation(name, "is not an option")));
    // by component name: RecordComponent has no equality of its own
    Map<String, Object> top = new LinkedHashMap<>();
    Map<String, Map<String, Object>> nested = new LinkedHashMap<>();
    for (Slot slot : SLOTS) {
      String raw = values.get(slot.field().name());
      Object value = raw == null || raw.isBlank() ? null : parse(slot, raw.strip(), errors);
      String name = slot.component().getName();
      if (slot.nested() != null || slot.isNestedFlag()) {
        nested.computeIfAbsent(name, c -> new LinkedHashMap<>());
      }
      if (value == null) {
        continue;
      }
      if (slot.nested() != null) {
        nested.get(name).put(slot.nested().getName(), value);
      } else {
        top.put(name, value);
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidOptionsException(errors);
    }
    nested.forEach(
        (component, settings) -> {
          boolean wanted = top.remove(component) != null;
          if (wanted || !settings.isEmpty()) {
            top.put(component, construct(componentType(component), settings));
          }
        });
    return ((ExtractionOptions) construct(ExtractionOptions.class, top)).validated();
  }

  /**
   * The fields that give {@code options} back through {@link #read}; absent values are left out.
   */
  public static Map<String, String> write(ExtractionOptions options) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Slot slot : SLOTS) {
      Object value = get(slot.component(), options);
      if (value != null && slot.nested() != null) {
        value = get(slot.nested(), value);
      } else if (value != null && slot.isNestedFlag()) {
        value = Boolean.TRUE;
      }
      if (value != null) {
        fields.put(slot.field().name(), text(value));
      }
    }
    return fields;
  }

  private static Object parse(Slot slot, String raw, List<Violation> errors) {
    Field field = slot.field();
    Class<?> type = slot.nested() != null ? slot.nested().getType() : slot.component().getType();
    if (type.isRecord() || type == Boolean.class) {
      return switch (raw.toLowerCase(Locale.ROOT)) {
        case "true", "on", "1" -> Boolean.TRUE;
        case "false", "off", "0" -> null;
        default -> fail(field, "must be true or false", errors);
      };
    }
    if (type == Double.class) {
      try {
        double value = Double.parseDouble(raw);
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      return fail(field, "must be a number", errors);
    }
    if (type == Integer.class) {
      try {
        return Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        return fail(field, "must be a whole number", errors);
      }
    }
    if (type == List.class) {
      return Arrays.stream(raw.split(",", -1)).map(String::strip).toList();
    }
    if (type == ImageFormat.class) {
      Optional<ImageFormat> format = ImageFormat.parse(raw);
      return format.isPresent()
          ? format.get()
          : fail(field, "must be " + either(field.choices()), errors);
    }
    throw new IllegalStateException("no form for " + type + " (" + field.name() + ")");
  }

  private static Object fail(Field field, String message, List<Violation> errors) {
    errors.add(new Violation(field.name(), message));
    return null;
  }

  private static String either(List<String> choices) {
    return String.join(", ", choices.subList(0, choices.size() - 1))
        + " or "
        + choices.get(choices.size() - 1);
  }

  private static String text(Object value) {
    if (value instanceof Double number) {
      return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
    if (value instanceof ImageFormat format) {
      return format.id();
    }
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return value.toString();
  }

  private static List<Slot> slots() {
    List<Slot> slots = new ArrayList<>();
    for (RecordComponent component : ExtractionOptions.class.getRecordComponents()) {
      slots.add(new Slot(field(component.getName(), component, ""), component, null));
      if (component.getType().isRecord()) {
        String prefix = component.getName();
        String label = Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1) + ": ";
        for (RecordComponent setting : component.getType().getRecordComponents()) {
          String name =
              prefix
                  + Character.toUpperCase(setting.getName().charAt(0))
                  + setting.getName().substring(1);
          slots.add(new Slot(field(name, setting, label), component, setting));
        }
      }
    }
    return List.copyOf(slots);
  }

  private static Field field(String name, RecordComponent component, String label) {
    java.lang.reflect.Field declared = declared(component);
    JsonPropertyDescription description = declared.getAnnotation(JsonPropertyDescription.class);
    Between between = declared.getAnnotation(Between.class);
    Class<?> type = component.getType();
    List<String> choices = List.of();
    if (type == ImageFormat.class) {
      choices = Arrays.stream(ImageFormat.values()).map(ImageFormat::id).toList();
    }
    return new Field(
        name,
        type.isRecord() ? Boolean.class : type == List.class ? String.class : type,
        description == null ? label.strip() : label + description.value(),
        between == null ? null : between.min(),
        between == null || between.minInclusive(),
        between == null ? null : between.max(),
        choices);
  }

  private static java.lang.reflect.Field declared(RecordComponent component) {
    try {
      return component.getDeclaringRecord().getDeclaredField(component.getName());
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object get(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> componentType(String name) {
    return SLOTS.stream()
        .filter(s -> s.component().getName().equals(name))
        .findFirst()
        .orElseThrow()
        .component()
        .getType();
  }

  private static Object construct(Class<?> type, Map<String, Object> values) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    Object[] args = Arrays.stream(components).map(c -> values.get(c.getName())).toArray();
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
