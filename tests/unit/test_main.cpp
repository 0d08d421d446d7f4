// The one Boost.Test entry point shared by every unit test executable.
#define BOOST_TEST_MODULE drove_unit
#include <boost/test/unit_test.hpp>
