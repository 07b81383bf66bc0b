#!/usr/bin/python3
"""Builds brightness_change.onnx, the tiny change model the imagery tests run
through `imagery changes --model` (docs/imagery-detection.md, "A learned model").

It is not trained: its two 1 x 1 convolutions are set by hand so that its
output is known. Inputs `before` and `after`, float32 1 x 3 x 256 x 256, RGB
in 0..1; output `change`, 1 x 1 x 256 x 256, the probability that the mean of
the three bands changed by more than 0.01 (2.5 digital numbers):
sigmoid(400 x (|mean(after) - mean(before)| - 0.01)).

Usage (Debian python3-onnx): make_brightness_change_model.py [OUT.onnx]
"""
import sys

import onnx
from onnx import TensorProto, helper

SIDE = 256
out = sys.argv[1] if len(sys.argv) > 1 else "brightness_change.onnx"

image = [1, 3, SIDE, SIDE]
before = helper.make_tensor_value_info("before", TensorProto.FLOAT, image)
after = helper.make_tensor_value_info("after", TensorProto.FLOAT, image)
change = helper.make_tensor_value_info("change", TensorProto.FLOAT, [1, 1, SIDE, SIDE])

third = 1.0 / 3.0
initializers = [
    # mean(after) - mean(before) from the six stacked bands
    helper.make_tensor("mean_w", TensorProto.FLOAT, [1, 6, 1, 1],
                       [-third, -third, -third, third, third, third]),
    helper.make_tensor("mean_b", TensorProto.FLOAT, [1], [0.0]),
    # 400 x (|difference| - 0.01)
    helper.make_tensor("steep_w", TensorProto.FLOAT, [1, 1, 1, 1], [400.0]),
    helper.make_tensor("steep_b", TensorProto.FLOAT, [1], [-4.0]),
]
nodes = [
    helper.make_node("Concat", ["before", "after"], ["stacked"], axis=1),
    helper.make_node("Conv", ["stacked", "mean_w", "mean_b"], ["difference"], kernel_shape=[1, 1]),
    helper.make_node("Abs", ["difference"], ["magnitude"]),
    helper.make_node("Conv", ["magnitude", "steep_w", "steep_b"], ["logit"], kernel_shape=[1, 1]),
    helper.make_node("Sigmoid", ["logit"], ["change"]),
]
graph = helper.make_graph(nodes, "brightness_change", [before, after], [change], initializers)
model = helper.make_model(graph, producer_name="envgrid tests",
                          opset_imports=[helper.make_opsetid("", 11)])
model.ir_version = 7  # read by OpenCV 4.6's ONNX importer
onnx.checker.check_model(model)
onnx.save(model, out)
