package org.greentrain.train;

import java.io.Serializable;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;

/**
 * What a fine-tuning ships to the executors to distil from: the teacher's architecture (the fp32
 * model's, which may be wider than the student's after structured pruning), its weights and the
 * loss settings. Broadcast once per fine-tuning; each task builds or reuses a {@link TeacherModel}.
 */
public record Teacher(ModelSpec spec, ModelWeights weights, Distillation distillation)
    implements Serializable {}
