from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'junit.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_r = resolve('r')
    l_0_failures = l_0_errors = l_0_skipped = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_3 = environment.filters['points']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'points' found.")
    try:
        t_4 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_5 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_6 = environment.filters['short']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'short' found.")
    pass
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    l_0_failures = t_1(t_2(context.eval_ctx, t_5(context, environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems'), 'status', 'in', ['failed', 'partial', 'not_gradable', 'invalid'])))
    context.vars['failures'] = l_0_failures
    context.exported_vars.add('failures')
    l_0_errors = t_1(t_2(context.eval_ctx, t_5(context, environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems'), 'status', 'equalto', 'error')))
    context.vars['errors'] = l_0_errors
    context.exported_vars.add('errors')
    l_0_skipped = t_1(t_2(context.eval_ctx, t_5(context, environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems'), 'status', 'in', ['not_run', 'ungraded'])))
    context.vars['skipped'] = l_0_skipped
    context.exported_vars.add('skipped')
    yield '<testsuites name="grader" tests="'
    yield escape(t_1(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems')))
    yield '" failures="'
    yield escape((undefined(name='failures') if l_0_failures is missing else l_0_failures))
    yield '" errors="'
    yield escape((undefined(name='errors') if l_0_errors is missing else l_0_errors))
    yield '" skipped="'
    yield escape((undefined(name='skipped') if l_0_skipped is missing else l_0_skipped))
    yield '" time="'
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'seconds'))
    yield '">\n  <testsuite name="'
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'assignment'), 'name'))
    yield '" tests="'
    yield escape(t_1(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems')))
    yield '" failures="'
    yield escape((undefined(name='failures') if l_0_failures is missing else l_0_failures))
    yield '" errors="'
    yield escape((undefined(name='errors') if l_0_errors is missing else l_0_errors))
    yield '" skipped="'
    yield escape((undefined(name='skipped') if l_0_skipped is missing else l_0_skipped))
    yield '" time="'
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'seconds'))
    yield '" timestamp="'
    yield escape(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'started_at'))
    yield '">\n    <properties>\n      <property name="score" value="'
    yield escape(t_3(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'total')))
    yield '"/>\n      <property name="max_score" value="'
    yield escape(t_3(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total')))
    yield '"/>\n      <property name="submission" value="'
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'submission'), 'path'))
    yield '"/>\n    </properties>\n'
    for l_1_p in environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems'):
        _loop_vars = {}
        pass
        yield '    <testcase classname="'
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'assignment'), 'name'))
        yield '" name="'
        yield escape(environment.getattr(l_1_p, 'id'))
        yield '" time="'
        yield escape(environment.getattr(l_1_p, 'seconds'))
        yield '">\n'
        if (environment.getattr(l_1_p, 'status') in ('not_run', 'ungraded')):
            pass
            yield '      <skipped message="'
            yield escape(t_4(context.eval_ctx, environment.getattr(l_1_p, 'status'), '_', ' '))
            yield escape((markup_join((': ', environment.getitem(environment.getattr(l_1_p, 'messages'), 0), )) if environment.getattr(l_1_p, 'messages') else ''))
            yield '"/>\n'
        elif (environment.getattr(l_1_p, 'status') != 'passed'):
            pass
            yield '      <failure message="'
            yield escape(t_3(environment.getattr(l_1_p, 'score')))
            yield '/'
            yield escape(t_3(environment.getattr(l_1_p, 'max_score')))
            yield escape((markup_join((': ', t_6(environment.getitem(environment.getattr(l_1_p, 'messages'), 0), 200), )) if environment.getattr(l_1_p, 'messages') else ''))
            yield '" type="'
            yield escape(environment.getattr(l_1_p, 'status'))
            yield '">\n'
            def t_7(fiter):
                for l_2_c in fiter:
                    if (environment.getattr(l_2_c, 'status') != 'passed'):
                        yield l_2_c
            for l_2_c in t_7(environment.getattr(l_1_p, 'cases')):
                _loop_vars = {}
                pass
                yield escape(environment.getattr(l_2_c, 'name'))
                yield ': '
                yield escape(environment.getattr(l_2_c, 'message'))
                yield '\n'
                if (environment.getattr(l_2_c, 'error') and environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback')):
                    pass
                    yield escape(environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback'))
                    yield '\n'
                for l_3_n in environment.getattr(l_2_c, 'notes'):
                    _loop_vars = {}
                    pass
                    yield 'Note: '
                    yield escape(l_3_n)
                    yield '\n'
                l_3_n = missing
                for l_3_f in environment.getattr(l_2_c, 'feedback'):
                    _loop_vars = {}
                    pass
                    yield 'hint: '
                    yield escape(l_3_f)
                    yield '\n'
                l_3_f = missing
            l_2_c = missing
            yield '      </failure>\n'
        yield '    </testcase>\n'
    l_1_p = missing
    yield '  </testsuite>\n</testsuites>\n'

blocks = {}
debug_info = '2=50&3=53&4=56&5=60&6=70&8=84&9=86&10=88&12=90&13=94&14=100&15=103&16=106&17=109&18=116&19=123&20=127&21=129&23=131&24=135&26=138&27=142'