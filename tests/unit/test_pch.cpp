// The one source of unit_test_pch: CMake builds a precompiled header only for a target with a source.
