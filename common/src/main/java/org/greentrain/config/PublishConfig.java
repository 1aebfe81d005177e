package org.greentrain.config;

import java.io.Serializable;
import org.greentrain.energy.PathSegments;
import org.greentrain.error.UserError;

/**
 * Model registry settings.
 *
 * @param minAccuracy fp32 test accuracy (fraction, 0..1) a version needs to become LATEST
 * @param maxAccuracyDrop how far (absolute fraction) a version may fall below the current LATEST's
 *     accuracy and still become LATEST
 */
public record PublishConfig(String modelName, double minAccuracy, double maxAccuracyDrop)
    implements Serializable {

  public PublishConfig {
    UserError.fromInput(() -> PathSegments.check(ConfigKeys.PUBLISH_MODEL_NAME, modelName));
    Checks.range(ConfigKeys.PUBLISH_MIN_ACCURACY, minAccuracy, 0, 1);
    Checks.range(ConfigKeys.PUBLISH_MAX_ACCURACY_DROP, maxAccuracyDrop, 0, 1);
  }
}
