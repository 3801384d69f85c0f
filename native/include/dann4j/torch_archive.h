// The container half of torch.save's zip format: dann4j pickles in Java (interop/PickleWriter)
// and hands the pickle and the tensor storages here, where libtorch's own zip writer lays them
// out exactly as torch.save does. Reading never comes here: files are parsed and checked in Java
// (interop/TorchFileReader) so that no unchecked byte reaches libtorch.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace dann4j {

/// Writes `pickle` as data.pkl and storages[i] as data/i. Each storage must be a defined,
/// contiguous CPU tensor that is its whole storage (offset 0, storage bytes == numel × itemsize),
/// as the pickle's persistent ids say. Throws c10::Error otherwise or if writing fails.
void save_archive(const std::string& path, const char* pickle, size_t size, const std::vector<at::Tensor>& storages);

}  // namespace dann4j
