# The NVIDIA CUDA and cuDNN runtime libraries that a CUDA build of libtorch (bytedeco's
# linux-x86_64-gpu jar) needs, found or provisioned when Dann4jTorch found libtorch_cuda.so.
#
#   DANN4J_CUDA_HOME (CMake variable or environment variable): a CUDA 13 installation whose lib64/
#     (or lib/) also holds cuDNN 9 and NCCL 2; nothing is downloaded.
#   otherwise NVIDIA's PyPI wheels of CUDA 13.1 Update 1 and cuDNN 9.19, provisioned once by
#     cmake/fetch_cuda_libs.py into $DANN4J_CACHE (default ~/.cache/dann4j).
#   DANN4J_CUDA_PROPERTIES: a file to record the folder and versions in (Maven passes one inside
#     the jar's classes); dann4j reads it at run time to load the libraries by absolute path. A CPU
#     build removes it.
#
# Defines DANN4J_CUDA_LIB_DIR (empty for a CPU build).

include_guard(GLOBAL)

set(DANN4J_CUDA_HOME "$ENV{DANN4J_CUDA_HOME}" CACHE PATH "CUDA 13 installation (with cuDNN 9) to use")
set(DANN4J_CUDA_PROPERTIES "" CACHE FILEPATH "Where to record the CUDA libraries for the run time")
set(DANN4J_CUDA_LIB_DIR "")

if(NOT DANN4J_torch_cuda_LIBRARY)
  if(NOT DANN4J_CUDA_PROPERTIES STREQUAL "")
    file(REMOVE "${DANN4J_CUDA_PROPERTIES}")
  endif()
  return()
endif()

set(fetch_arguments "")
if(NOT DANN4J_CUDA_HOME STREQUAL "")
  list(APPEND fetch_arguments --cuda-home "${DANN4J_CUDA_HOME}")
endif()
if(NOT DANN4J_CUDA_PROPERTIES STREQUAL "")
  list(APPEND fetch_arguments --properties "${DANN4J_CUDA_PROPERTIES}")
endif()
_dann4j_provision(fetch_cuda_libs.py DANN4J_CUDA_LIB_DIR
  "${DANN4J_TORCH_LIB_DIR} is a CUDA build of libtorch, and its CUDA libraries could not be provisioned (see the line above)"
  ${fetch_arguments})
message(STATUS "dann4j: CUDA libraries from ${DANN4J_CUDA_LIB_DIR}")
