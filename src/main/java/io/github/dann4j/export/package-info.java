/**
 * ONNX export of trained models ({@link io.github.dann4j.export.OnnxExport}): the classifier path
 * with its saved preprocessing as one standard ONNX file (opset 17) that ONNX Runtime or any other
 * runtime serves, optionally with the domain classifier's target probability as a drift monitor.
 * Built on the model package, with Tribuo's ONNX utilities for the protobuf.
 */
package io.github.dann4j.export;
