// A PyTorch state_dict file is a pickled Dict[str, Tensor] in torch.save's zip format. These
// functions write and read such files with libtorch's own pickle_save / pickle_load, so Python's
// torch.load reads what we write and torch.save(model.state_dict(), path) files load here.
#pragma once

#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace dann4j {

/// Writes {keys[i]: values[i]} to `path` as a pickled Dict[str, Tensor], in the order given.
/// Tensors are saved as detached CPU copies. Throws c10::Error if the vectors differ in length,
/// a key repeats, a tensor is undefined or the file cannot be written.
void save_tensor_dict(const std::string& path, const std::vector<std::string>& keys,
                      const std::vector<at::Tensor>& values);

/// Reads a file written by torch.save(dict) or save_tensor_dict into keys and CPU tensors, in the
/// file's order. Throws c10::Error if the file cannot be read or is not a pickled dict of
/// str -> Tensor.
void load_tensor_dict(const std::string& path, std::vector<std::string>& keys,
                      std::vector<at::Tensor>& values);

}  // namespace dann4j
