package dev.frameflow.gateway.video;

import dev.frameflow.contracts.extraction.ExtractionOptionsForm;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The multipart body of {@code POST /api/videos} as the OpenAPI document describes it ({@value
 * #NAME}), so that Swagger UI's "Try it out" and generated clients can upload. Built from the
 * contract's flat form ({@link ExtractionOptionsForm}): each option's name, type, description and
 * bounds are the record's, so a new option is documented here without a line changed. Documentation
 * only: the controller streams the parts itself.
 */
@Component
class UploadFormSchema implements OpenApiCustomizer {

  static final String NAME = "VideoUpload";
  static final String REF = "#/components/schemas/" + NAME;

  @Override
  public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
    openApi.getComponents().addSchemas(NAME, schema());
  }

  static Schema<?> schema() {
    Schema<?> form =
        new Schema<>()
            .type("object")
            .description("One or more videos and how to extract their frames");
    form.addProperty(
        "file",
        new ArraySchema()
            .items(new BinarySchema())
            .minItems(1)
            .description("The videos (MP4/MOV, MKV/WebM, AVI, MPEG-TS)"));
    ExtractionOptionsForm.fields().forEach(field -> form.addProperty(field.name(), of(field)));
    return form;
  }

  private static Schema<?> of(ExtractionOptionsForm.Field field) {
    Schema<?> schema;
    if (field.type() == Double.class) {
      schema = new NumberSchema().format("double");
    } else if (field.type() == Integer.class) {
      schema = new IntegerSchema();
    } else if (field.type() == Boolean.class) {
      schema = new BooleanSchema();
    } else {
      StringSchema text = new StringSchema();
      field.choices().forEach(text::addEnumItem);
      schema = text;
    }
    if (field.min() != null) {
      if (field.minInclusive()) {
        schema.setMinimum(new BigDecimal(field.min()));
      } else {
        schema.setExclusiveMinimumValue(new BigDecimal(field.min()));
      }
    }
    if (field.max() != null) {
      schema.setMaximum(new BigDecimal(field.max()));
    }
    return schema.description(field.description());
  }
}
