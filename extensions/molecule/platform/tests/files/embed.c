/* Embeds the interpreter through libpython3.X.so, as reticulate does: built with
 * python3.X-config --cflags --embed / --ldflags --embed by test_platform.py. */
#include <Python.h>

int main(void)
{
    Py_Initialize();
    if (PyRun_SimpleString("import sys, sqlite3; print('embedded', sys.version.split()[0], "
                           "sqlite3.sqlite_version and 'sqlite3')") != 0) {
        return 1;
    }
    return Py_FinalizeEx() < 0 ? 1 : 0;
}
