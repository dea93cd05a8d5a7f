from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'gradescope_test.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_p = resolve('p')
    try:
        t_1 = environment.filters['truncate_lines']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'truncate_lines' found.")
    pass
    for l_1_m in environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'messages'):
        _loop_vars = {}
        pass
        yield str(l_1_m)
        yield '\n'
    l_1_m = missing
    def t_2(fiter):
        for l_1_c in fiter:
            if (((environment.getattr(l_1_c, 'status') != 'passed') and (environment.getattr(l_1_c, 'status') != 'not_run')) and (not context.call(environment.getattr(environment.getattr(l_1_c, 'message'), 'startswith'), 'not run'))):
                yield l_1_c
    for l_1_c in t_2(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'cases')):
        _loop_vars = {}
        pass
        yield str(environment.getattr(l_1_c, 'name'))
        yield ': '
        yield str(environment.getattr(l_1_c, 'message'))
        yield '\n'
        if (environment.getattr(l_1_c, 'error') and environment.getattr(environment.getattr(l_1_c, 'error'), 'traceback')):
            pass
            yield str(t_1(environment.getattr(environment.getattr(l_1_c, 'error'), 'traceback'), 14))
            yield '\n'
        for l_2_n in environment.getattr(l_1_c, 'notes'):
            _loop_vars = {}
            pass
            yield 'Note: '
            yield str(l_2_n)
            yield '\n'
        l_2_n = missing
        for l_2_f in environment.getattr(l_1_c, 'feedback'):
            _loop_vars = {}
            pass
            yield 'Hint: '
            yield str(l_2_f)
            yield '\n'
        l_2_f = missing
    l_1_c = missing

blocks = {}
debug_info = '1=18&2=21&4=24&5=31&6=35&7=37&9=39&10=43&12=46&13=50'