# Finds the libtorch headers and shared libraries that the native op is built against, and
# defines the imported target dann4j::torch.
#
# Headers, by precedence:
#   DANN4J_LIBTORCH_HOME (CMake variable or environment variable): an official libtorch folder,
#     or an installed PyTorch's `torch` package folder; its include/ is used.
#   otherwise the headers of the torch==<runtime version> wheel, provisioned once by
#     cmake/fetch_torch_headers.py into $DANN4J_CACHE (default ~/.cache/dann4j).
# Libraries:
#   DANN4J_TORCH_LIB_DIR: folder holding libc10.so and libtorch_cpu.so. Maven sets it to the
#     libraries unpacked from bytedeco's org.bytedeco:pytorch jar; otherwise DANN4J_LIBTORCH_HOME/lib.
# Version:
#   DANN4J_TORCH_RUNTIME_VERSION: the version of those libraries (Maven passes the bytedeco
#     artifact's libtorch version). When unset it is read from <lib>/../build-version (libtorch)
#     or <lib>/../version.py (a PyTorch package). The headers must be of exactly this version.
#
# A system libtorch (Debian's libtorch-dev: 1.13.1, 2.6.0, 2.14.1) is never used: every search
# below is confined to the folders named above.

include_guard(GLOBAL)

set(DANN4J_LIBTORCH_HOME "$ENV{DANN4J_LIBTORCH_HOME}" CACHE PATH
    "Official libtorch folder (or a PyTorch package folder) to take headers from")
set(DANN4J_TORCH_LIB_DIR "" CACHE PATH "Folder with libc10.so and libtorch_cpu.so to link against")
set(DANN4J_TORCH_RUNTIME_VERSION "" CACHE STRING "libtorch version of the libraries linked against")
set(DANN4J_CXX11_ABI 1 CACHE STRING "_GLIBCXX_USE_CXX11_ABI of the libtorch build (1 for 2.7 and later)")

function(_dann4j_refuse_system_path what path)
  get_filename_component(real "${path}" REALPATH)
  if(real MATCHES "^/usr/(include|lib|lib64|local/lib)(/|$)" AND NOT real MATCHES "/(site|dist)-packages/")
    message(FATAL_ERROR "dann4j: ${what} resolves to ${real}, a system location. A system libtorch "
      "(e.g. Debian's libtorch-dev) is never used: its version differs from bytedeco's. Point "
      "DANN4J_LIBTORCH_HOME / DANN4J_TORCH_LIB_DIR at PyTorch's own distribution instead.")
  endif()
endfunction()

# Runs one of the provisioning scripts here (fetch_*.py ARGS...) and sets out_var to the folder it
# prints last; on failure stops with "dann4j: <failure>" (the script has said why above).
function(_dann4j_provision script out_var failure)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  execute_process(
    COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/${script}" ${ARGN}
    OUTPUT_VARIABLE printed OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "dann4j: ${failure}")
  endif()
  string(REGEX REPLACE ".*\n" "" folder "${printed}")
  set(${out_var} "${folder}" PARENT_SCOPE)
endfunction()

function(_dann4j_read_header_version include_dir out_var)
  set(version "")
  foreach(candidate "${include_dir}/torch/headeronly/version.h"
                    "${include_dir}/torch/csrc/api/include/torch/version.h")
    if(version STREQUAL "" AND EXISTS "${candidate}")
      file(READ "${candidate}" text)
      string(REGEX MATCH "TORCH_VERSION_MAJOR ([0-9]+)" _ "${text}")
      set(major "${CMAKE_MATCH_1}")
      string(REGEX MATCH "TORCH_VERSION_MINOR ([0-9]+)" _ "${text}")
      set(minor "${CMAKE_MATCH_1}")
      string(REGEX MATCH "TORCH_VERSION_PATCH ([0-9]+)" _ "${text}")
      set(patch "${CMAKE_MATCH_1}")
      if(NOT major STREQUAL "" AND NOT minor STREQUAL "" AND NOT patch STREQUAL "")
        set(version "${major}.${minor}.${patch}")
      endif()
    endif()
  endforeach()
  set(${out_var} "${version}" PARENT_SCOPE)
endfunction()

# --- libraries --------------------------------------------------------------------------------
if(DANN4J_TORCH_LIB_DIR STREQUAL "" AND NOT DANN4J_LIBTORCH_HOME STREQUAL "")
  set(DANN4J_TORCH_LIB_DIR "${DANN4J_LIBTORCH_HOME}/lib")
endif()
if(DANN4J_TORCH_LIB_DIR STREQUAL "")
  message(FATAL_ERROR "dann4j: no libtorch libraries given. Build through Maven (it unpacks "
    "bytedeco's libtorch), or set DANN4J_TORCH_LIB_DIR or DANN4J_LIBTORCH_HOME.")
endif()
_dann4j_refuse_system_path("DANN4J_TORCH_LIB_DIR" "${DANN4J_TORCH_LIB_DIR}")
foreach(lib c10 torch_cpu)
  find_library(DANN4J_${lib}_LIBRARY NAMES ${lib} PATHS "${DANN4J_TORCH_LIB_DIR}"
               NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT DANN4J_${lib}_LIBRARY)
    message(FATAL_ERROR "dann4j: lib${lib}.so not found in ${DANN4J_TORCH_LIB_DIR}")
  endif()
endforeach()
# Present only in CUDA builds of libtorch; linked so that CUDA registers its hooks at load time.
find_library(DANN4J_torch_cuda_LIBRARY NAMES torch_cuda PATHS "${DANN4J_TORCH_LIB_DIR}"
             NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)

if(DANN4J_TORCH_RUNTIME_VERSION STREQUAL "")
  if(EXISTS "${DANN4J_TORCH_LIB_DIR}/../build-version")
    file(STRINGS "${DANN4J_TORCH_LIB_DIR}/../build-version" DANN4J_TORCH_RUNTIME_VERSION LIMIT_COUNT 1)
  elseif(EXISTS "${DANN4J_TORCH_LIB_DIR}/../version.py")
    file(STRINGS "${DANN4J_TORCH_LIB_DIR}/../version.py" line REGEX "^__version__")
    string(REGEX MATCH "'([^']+)'" _ "${line}")
    set(DANN4J_TORCH_RUNTIME_VERSION "${CMAKE_MATCH_1}")
  else()
    message(FATAL_ERROR "dann4j: cannot tell which libtorch version ${DANN4J_TORCH_LIB_DIR} holds; "
      "set DANN4J_TORCH_RUNTIME_VERSION")
  endif()
endif()
# "2.10.0+cu128" and "2.10.0-1.5.13" both name libtorch 2.10.0.
string(REGEX MATCH "^[0-9]+\\.[0-9]+\\.[0-9]+" DANN4J_RUNTIME_VERSION_CORE "${DANN4J_TORCH_RUNTIME_VERSION}")

# --- headers ----------------------------------------------------------------------------------
if(NOT DANN4J_LIBTORCH_HOME STREQUAL "")
  set(DANN4J_TORCH_INCLUDE_DIR "${DANN4J_LIBTORCH_HOME}/include")
  set(header_origin "DANN4J_LIBTORCH_HOME=${DANN4J_LIBTORCH_HOME}")
else()
  _dann4j_provision(fetch_torch_headers.py DANN4J_TORCH_INCLUDE_DIR
    "could not provision the libtorch ${DANN4J_RUNTIME_VERSION_CORE} headers (see the messages above). Alternatively set DANN4J_LIBTORCH_HOME."
    --version "${DANN4J_RUNTIME_VERSION_CORE}")
  set(header_origin "the torch==${DANN4J_RUNTIME_VERSION_CORE} wheel, cached")
endif()
_dann4j_refuse_system_path("the libtorch include folder" "${DANN4J_TORCH_INCLUDE_DIR}")
if(NOT EXISTS "${DANN4J_TORCH_INCLUDE_DIR}/torch/csrc/api/include/torch/torch.h")
  message(FATAL_ERROR "dann4j: ${DANN4J_TORCH_INCLUDE_DIR} holds no libtorch headers")
endif()

_dann4j_read_header_version("${DANN4J_TORCH_INCLUDE_DIR}" DANN4J_TORCH_HEADER_VERSION)
if(NOT DANN4J_TORCH_HEADER_VERSION STREQUAL DANN4J_RUNTIME_VERSION_CORE)
  message(FATAL_ERROR "dann4j: libtorch version mismatch: the headers in "
    "${DANN4J_TORCH_INCLUDE_DIR} are ${DANN4J_TORCH_HEADER_VERSION} but the libraries in "
    "${DANN4J_TORCH_LIB_DIR} are ${DANN4J_TORCH_RUNTIME_VERSION}. Use headers of exactly the "
    "runtime version.")
endif()
message(STATUS "dann4j: libtorch headers ${DANN4J_TORCH_HEADER_VERSION} from ${header_origin}: ${DANN4J_TORCH_INCLUDE_DIR}")
message(STATUS "dann4j: libtorch libraries ${DANN4J_TORCH_RUNTIME_VERSION} from ${DANN4J_TORCH_LIB_DIR}")
message(STATUS "dann4j: version check passed (headers ${DANN4J_TORCH_HEADER_VERSION} == runtime ${DANN4J_RUNTIME_VERSION_CORE})")

add_library(dann4j::torch INTERFACE IMPORTED)
target_include_directories(dann4j::torch SYSTEM INTERFACE
  "${DANN4J_TORCH_INCLUDE_DIR}" "${DANN4J_TORCH_INCLUDE_DIR}/torch/csrc/api/include")
target_compile_definitions(dann4j::torch INTERFACE _GLIBCXX_USE_CXX11_ABI=${DANN4J_CXX11_ABI})
target_link_libraries(dann4j::torch INTERFACE "${DANN4J_torch_cpu_LIBRARY}" "${DANN4J_c10_LIBRARY}")
target_compile_features(dann4j::torch INTERFACE cxx_std_17)
