package org.greentrain.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.greentrain.config.GreenTrainConfig;

/**
 * One candidate of {@code tune.candidates}, ready to train.
 *
 * @param number 1-based position in the list, the order the trials run in
 * @param settings the config keys the trial changes and their values, the derived learning rate
 *     included; empty for the configured settings
 * @param config the whole config the trial trains with
 */
public record Trial(int number, SortedMap<String, Object> settings, GreenTrainConfig config) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Trial {
    settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
  }

  /** The stage label of the trial's training in the energy tables: {@code trial-<number>}. */
  public String stageLabel() {
    return "trial-" + number;
  }

  /** The settings as a JSON object with sorted keys, as the tuning_trials table stores them. */
  public String settingsJson() {
    try {
      return JSON.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the settings of trial " + number, e);
    }
  }

  /** The settings for a progress line: {@code {batch-size=32, learning-rate=0.025}}. */
  public String label() {
    if (settings.isEmpty()) {
      return "{as configured}";
    }
    return settings.entrySet().stream()
        .map(e -> e.getKey().replaceFirst("^train\\.", "") + "=" + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
