/* A small C extension module, built in a virtualenv by test_platform.py: it must import in a
 * statically linked interpreter without linking libpython (bpo-21536). */
#include <Python.h>

static PyObject *
spam_add(PyObject *self, PyObject *args)
{
    long a, b;
    if (!PyArg_ParseTuple(args, "ll", &a, &b)) {
        return NULL;
    }
    return PyLong_FromLong(a + b);
}

static PyObject *
spam_interpreter(PyObject *self, PyObject *unused)
{
    /* Reaches the runtime's thread state and the sys module from the extension. */
    return PySys_GetObject("executable") ? Py_NewRef(PySys_GetObject("executable")) : Py_NewRef(Py_None);
}

static PyMethodDef spam_methods[] = {
    {"add", spam_add, METH_VARARGS, "a + b"},
    {"interpreter", spam_interpreter, METH_NOARGS, "sys.executable, read from C"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef spam_module = {PyModuleDef_HEAD_INIT, "spam", NULL, -1, spam_methods};

PyMODINIT_FUNC
PyInit_spam(void)
{
    return PyModule_Create(&spam_module);
}
